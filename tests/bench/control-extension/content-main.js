// Cookie Audit's content scripts' floor (see background.js): declared as its page-world
// recorder is, in the page's own world of every frame at document_start, doing nothing.
