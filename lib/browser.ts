/** The browsers Cookie Audit runs in; where they differ, lib/ is told which one it judges for. */
export type BrowserName = 'chrome' | 'firefox';
