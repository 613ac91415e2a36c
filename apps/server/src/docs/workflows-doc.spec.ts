import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseTypeSpec } from '../core/cases/case-type.ts';
import { allCaseTypes } from './case-type-list.ts';
import { DOCS_DIR, renderType, renderWorkflows } from './workflows-doc.ts';

const types = allCaseTypes();

describe('docs/WORKFLOWS.md', () => {
  it('is what the case types and the hand-written parts generate', () => {
    const onDisk = readFileSync(path.join(DOCS_DIR, 'WORKFLOWS.md'), 'utf8');
    // a plain equality, not toBe: the diff of two 500-line strings helps nobody, the command does
    if (onDisk !== renderWorkflows(types)) {
      expect.fail('docs/WORKFLOWS.md is stale: run `npm run docs:workflows` and commit the result');
    }
  });

  it('names every clock’s legal basis and every document’s title', () => {
    const missing = types.flatMap((t) => [
      ...t.clocks.filter((c) => !c.legalBasis?.trim()).map((c) => `${t.code}.${c.code}: legalBasis`),
      ...t.actions
        .flatMap((a) => a.documents)
        .filter((d) => !t.documentTitles[d])
        .map((d) => `${t.code} document ${d}: documentTitles`),
    ]);
    expect(missing).toEqual([]);
  });
});

describe('renderType', () => {
  const sample = CaseTypeSpec.parse({
    code: 'sample',
    numberPrefix: 'SP',
    name: '样例',
    nameEn: 'Sample',
    initialState: 'open',
    states: {
      open: { label: '待办' },
      waiting: { label: '待补正' },
      answered: { label: '已答复' },
      done: { label: '办结', final: true },
    },
    openRoles: ['window_clerk'],
    clocks: [
      { code: 'limit', label: '时限', kind: 'statutory', unit: 'calendar', limitDays: 1, legalBasis: '某法第一条' },
    ],
    actions: [
      { code: 'start', label: '开始', from: ['open'], roles: ['window_clerk'], clocks: { limit: 'start' } },
      { code: 'wait', label: '补正', from: ['open'], to: 'waiting', roles: ['reviewer'], clocks: { limit: 'pause' } },
      { code: 'finish', label: '办结', from: ['waiting'], to: 'done', roles: ['reviewer'], notBy: ['start'] },
      { code: 'answer', label: '答复', from: ['waiting'], to: 'answered', roles: ['reviewer'], clocks: { limit: 'stop' } },
      { code: 'archive', label: '归档', from: ['answered'], to: 'done', roles: ['reviewer'] },
    ],
  });
  const text = renderType(sample);

  it('says who may act, with separation of duties, and which clocks a final state stops', () => {
    const finish = text.split('\n').find((l) => l.startsWith('| `finish`'))!;
    expect(finish).toContain('`reviewer` 审核员; **not** whoever took `start`');
    expect(finish).toContain('limit: stops (final state)');
    // the clock was stopped on the way to `answered`: nothing is left for the final state to stop
    const archive = text.split('\n').find((l) => l.startsWith('| `archive`'))!;
    expect(archive).not.toContain('final state');
  });

  it('derives what starts, pauses and stops each clock, with its unit and source', () => {
    expect(text).toContain(
      '**时限** `limit` (statutory): 1 calendar day; no extension; yellow (预警) at 80% of the limit. ' +
        'It starts with `start`, is paused by `wait`, stops with `answer`, any final state. ' +
        'A deployment sets its own limit as `sample.limit`. Source: 某法第一条.',
    );
  });
});
