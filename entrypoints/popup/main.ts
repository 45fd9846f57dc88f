import { mount } from 'svelte'; const t = document.getElementById('app')!; t.textContent='hi'; export default mount;
