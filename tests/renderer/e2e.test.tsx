import { describe, expect, it } from 'vitest';
import { createRecorder } from '../../src/renderer/src/e2e';

describe('the e2e event recorder', () => {
  it('records events and resolves waiters for past and future events', async () => {
    const recorder = createRecorder();
    recorder.emit('page-loaded:dashboard');
    await recorder.waitFor('page-loaded:dashboard');

    let seen = false;
    const later = recorder.waitFor('page-loaded:settings').then(() => (seen = true));
    expect(seen).toBe(false);
    recorder.emit('page-loaded:settings');
    await later;
    expect(seen).toBe(true);
    expect(recorder.events).toEqual(['page-loaded:dashboard', 'page-loaded:settings']);

    recorder.clear();
    expect(recorder.events).toEqual([]);
  });
});
