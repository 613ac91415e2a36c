import type { CaseTypeInfo } from '../../caseTypes.ts';
import { codeLabel } from '../../i18n.ts';

const BOX_W = 110;
const BOX_H = 34;
const COL_GAP = 120;
const ROW_GAP = 30;

/**
 * States as boxes in columns by distance from the initial state, actions as arrows between them.
 * An action that keeps the state is listed under its box. Laid out here, no graph library.
 */
export function StateDiagram({ type }: { type: CaseTypeInfo }) {
  const states = Object.keys(type.states);
  const initial = type.initialState ?? states[0]!;
  const depth = new Map<string, number>([[initial, 0]]);
  for (let changed = true; changed;) {
    changed = false;
    for (const a of type.actions)
      for (const f of a.from ?? []) {
        if (a.to && depth.has(f) && !depth.has(a.to)) {
          depth.set(a.to, depth.get(f)! + 1);
          changed = true;
        }
      }
  }
  for (const s of states) if (!depth.has(s)) depth.set(s, 0);
  const columns = new Map<number, string[]>();
  for (const s of states) columns.set(depth.get(s)!, [...(columns.get(depth.get(s)!) ?? []), s]);
  const pos = new Map<string, { x: number; y: number }>();
  for (const [col, list] of columns)
    list.forEach((s, row) => pos.set(s, { x: 10 + col * (BOX_W + COL_GAP), y: 50 + row * (BOX_H + ROW_GAP + 20) }));
  const width = 20 + columns.size * (BOX_W + COL_GAP);
  const height = 70 + Math.max(...[...columns.values()].map((l) => l.length)) * (BOX_H + ROW_GAP + 20);
  const selfActions = (s: string) => type.actions.filter((a) => !a.to && (a.from ?? []).includes(s));

  return (
    <svg className="gr-diagram" width={width} height={height} role="img" aria-label={type.name}>
      <defs>
        <marker
          id="arrow"
          viewBox="0 0 10 10"
          refX="10"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#555" />
        </marker>
      </defs>
      {type.actions.flatMap((a) =>
        a.to
          ? (a.from ?? []).map((f) => {
              const p = pos.get(f)!;
              const q = pos.get(a.to!)!;
              // forward arrows run between the boxes' sides; backward ones arc over the top, their label above the arc
              const back = q.x <= p.x;
              const x1 = back ? p.x + BOX_W / 2 : p.x + BOX_W;
              const x2 = back ? q.x + BOX_W / 2 : q.x;
              const y1 = back ? p.y : p.y + BOX_H / 2;
              const y2 = back ? q.y : q.y + BOX_H / 2;
              const mx = (x1 + x2) / 2;
              const my = back ? Math.min(y1, y2) - 34 : (y1 + y2) / 2 - 4;
              return (
                <g key={`${a.code}-${f}`}>
                  <path
                    d={`M ${x1} ${y1} Q ${mx} ${back ? my - 10 : my + 4} ${x2} ${y2}`}
                    fill="none"
                    stroke="#555"
                    markerEnd="url(#arrow)"
                  />
                  <text x={mx} y={back ? my - 2 : my} textAnchor="middle" fill="#1f5fbf">
                    {codeLabel('action', a.code, a.label)}
                  </text>
                </g>
              );
            })
          : [],
      )}
      {states.map((s) => {
        const p = pos.get(s)!;
        const final = type.states[s]!.final;
        return (
          <g key={s}>
            <rect
              x={p.x}
              y={p.y}
              width={BOX_W}
              height={BOX_H}
              rx={final ? 17 : 4}
              fill={final ? '#f0f0f0' : '#e8f0fb'}
              stroke={final ? '#888' : '#1f5fbf'}
              strokeWidth={final ? 2 : 1}
            />
            <text x={p.x + BOX_W / 2} y={p.y + BOX_H / 2 + 4} textAnchor="middle">
              {codeLabel('status', s, type.states[s]!.label)}
            </text>
            {selfActions(s).map((a, i) => (
              <text key={a.code} x={p.x + BOX_W / 2} y={p.y + BOX_H + 14 + i * 14} textAnchor="middle" fill="#8c5a00">
                ↻ {codeLabel('action', a.code, a.label)}
              </text>
            ))}
          </g>
        );
      })}
    </svg>
  );
}
