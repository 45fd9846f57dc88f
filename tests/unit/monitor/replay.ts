/** Feed recorded listener details through the normalisers and the monitor, as the background does. */
import { readFileSync } from 'node:fs';
import { apply } from '../../../lib/monitor/apply';
import type { MonitorEvent } from '../../../lib/monitor/events';
import { MONITOR_LISTENERS, type MonitorListenerName } from '../../../lib/monitor/listeners';
import { createMonitorState, type MonitorState } from '../../../lib/monitor/state';
import type { BrowserName, WebRequestDetails } from '../../../lib/requests/normalise';

export interface RecordedEvent {
  listener: MonitorListenerName;
  details: WebRequestDetails;
}

export function loadFixture(browser: BrowserName): RecordedEvent[] {
  const url = new URL(`../../fixtures/webrequest-${browser}.json`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { events: RecordedEvent[] }).events;
}

export function normalise({ listener, details }: RecordedEvent, browser: BrowserName): MonitorEvent | null {
  return MONITOR_LISTENERS[listener].normalise(details, browser);
}

export function replay(recorded: readonly RecordedEvent[], browser: BrowserName, state = createMonitorState()): MonitorState {
  for (const r of recorded) {
    const event = normalise(r, browser);
    if (event) apply(state, event);
  }
  return state;
}
