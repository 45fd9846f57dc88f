export default defineBackground(() => { console.log("x"); });
