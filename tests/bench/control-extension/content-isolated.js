// Cookie Audit's content scripts' floor (see background.js): declared as its relay is, in the
// isolated world of every frame at document_start, doing nothing. What it costs is what Chrome
// charges any extension for a content script in every frame: an isolated world per frame.
