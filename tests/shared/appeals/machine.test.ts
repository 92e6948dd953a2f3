import { describe, expect, it } from 'vitest';
import {
  APPEAL_STATUSES,
  ACTIONS,
  availableActions,
  checkTransition,
  currentStage,
  isOpen,
  type AppealAction,
  type AppealStatus,
} from '@shared/appeals';

const appeal = (status: AppealStatus, stage = 1) => ({ kind: 'appeal' as const, status, stage });
const enquiry = (status: AppealStatus) => ({ kind: 'enquiry' as const, status, stage: 0 });

describe('appeal state machine', () => {
  it('runs received → acknowledged → under review → escalated → decided → closed', () => {
    expect(checkTransition(appeal('received'), 'acknowledge')).toEqual({
      ok: true,
      to: 'acknowledged',
    });
    expect(checkTransition(appeal('acknowledged'), 'start_review')).toEqual({
      ok: true,
      to: 'under_review',
    });
    expect(checkTransition(appeal('under_review'), 'escalate')).toEqual({
      ok: true,
      to: 'escalated',
    });
    expect(checkTransition(appeal('escalated', 2), 'decide')).toEqual({ ok: true, to: 'decided' });
    expect(checkTransition(appeal('decided', 2), 'close')).toEqual({ ok: true, to: 'closed' });
  });

  it('lets a stage 1 decision be escalated, but not a stage 2 decision', () => {
    expect(checkTransition(appeal('decided', 1), 'escalate')).toEqual({
      ok: true,
      to: 'escalated',
    });
    const refused = checkTransition(appeal('decided', 2), 'escalate');
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.reason).toMatch(/stage 2 panel decision is final/);
  });

  it('refuses skipping acknowledgement, with the reason', () => {
    const r = checkTransition(appeal('received'), 'start_review');
    expect(r).toEqual({
      ok: false,
      reason: 'Start review is not possible while it is received: only when acknowledged.',
    });
    expect(checkTransition(appeal('received'), 'decide').ok).toBe(false);
    expect(checkTransition(appeal('acknowledged'), 'close').ok).toBe(false);
  });

  it('refuses everything from closed and withdrawn', () => {
    for (const status of ['closed', 'withdrawn'] as const) {
      expect(isOpen(status)).toBe(false);
      expect(availableActions(appeal(status))).toEqual([]);
    }
  });

  it('lets an open appeal be withdrawn from every open status', () => {
    for (const status of APPEAL_STATUSES.filter(isOpen)) {
      expect(checkTransition(appeal(status), 'withdraw')).toEqual({ ok: true, to: 'withdrawn' });
    }
  });

  it('gives an enquiry about results no acknowledgement and no escalation', () => {
    expect(checkTransition(enquiry('received'), 'start_review')).toEqual({
      ok: true,
      to: 'under_review',
    });
    const ack = checkTransition(enquiry('received'), 'acknowledge');
    expect(!ack.ok && ack.reason).toBe('Acknowledge does not apply to an enquiry about results.');
    expect(checkTransition(enquiry('under_review'), 'escalate').ok).toBe(false);
    expect(availableActions(enquiry('under_review'))).toEqual(['decide', 'withdraw']);
  });

  it('lists the available actions per status (hand-written table)', () => {
    const expected: Record<AppealStatus, AppealAction[]> = {
      received: ['acknowledge', 'withdraw'],
      acknowledged: ['start_review', 'withdraw'],
      under_review: ['escalate', 'decide', 'withdraw'],
      escalated: ['decide', 'withdraw'],
      decided: ['escalate', 'close', 'withdraw'],
      closed: [],
      withdrawn: [],
    };
    for (const status of APPEAL_STATUSES)
      expect(availableActions(appeal(status))).toEqual(expected[status]);
    expect(ACTIONS).toHaveLength(6);
  });

  it('knows the current stage', () => {
    expect(currentStage('enquiry', 'under_review', null)).toBe(0);
    expect(currentStage('appeal', 'under_review', null)).toBe(1);
    expect(currentStage('appeal', 'escalated', 1)).toBe(2);
    expect(currentStage('appeal', 'decided', 2)).toBe(2);
  });
});
