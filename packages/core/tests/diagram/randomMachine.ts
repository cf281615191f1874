import fc from 'fast-check';
import { createMachine, type AnyStateMachine } from 'xstate';

interface Shape {
  readonly kind: 'atomic' | 'compound' | 'parallel' | 'final';
  readonly children: readonly Shape[];
}

const shape: fc.Arbitrary<Shape> = fc.letrec<{ node: Shape }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constantFrom('atomic' as const, 'final' as const), children: fc.constant([]) }),
    fc.record({ kind: fc.constantFrom('compound' as const, 'parallel' as const), children: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
  ),
})).node;

/** Every state's dotted path under a list of shapes. */
function paths(shapes: readonly Shape[], prefix: string[] = []): string[][] {
  return shapes.flatMap((s, i) => {
    const path = [...prefix, `s${i}`];
    return [path, ...paths(s.children, path)];
  });
}

function config(shapes: readonly Shape[], on: Map<string, Record<string, unknown[]>>, prefix: string[] = []): Record<string, unknown> {
  return Object.fromEntries(
    shapes.map((s, i) => {
      const path = [...prefix, `s${i}`];
      const transitions = on.get(path.join('.'));
      return [
        `s${i}`,
        {
          ...(s.kind === 'atomic' || s.children.length === 0 ? {} : s.kind === 'parallel' ? { type: 'parallel' } : { initial: 's0' }),
          ...(s.kind === 'final' ? { type: 'final' } : {}),
          ...(transitions ? { on: transitions } : {}),
          ...(s.children.length > 0 && s.kind !== 'final' && s.kind !== 'atomic' ? { states: config(s.children, on, path) } : {}),
        },
      ];
    }),
  );
}

/**
 * Random machines of up to three levels: compound, parallel, final and atomic states, and
 * transitions between any two states (self-transitions, into and out of nested states),
 * some guarded, several per event name.
 */
export const randomMachine: fc.Arbitrary<AnyStateMachine> = fc
  .array(shape, { minLength: 1, maxLength: 5 })
  .chain((top) => {
    const all = paths(top).filter((p) => p.length <= 3);
    const index = fc.nat({ max: all.length - 1 });
    const edge = fc.record({ from: index, to: index, event: fc.constantFrom('GO', 'BACK', 'NEXT.ONE'), guard: fc.option(fc.constantFrom('ok', 'ready'), { nil: undefined }) });
    return fc.tuple(fc.constant(top), fc.constant(all), fc.array(edge, { maxLength: 12 }));
  })
  .map(([top, all, edges]) => {
    const on = new Map<string, Record<string, unknown[]>>();
    for (const e of edges) {
      const from = all[e.from]!.join('.');
      const transitions = on.get(from) ?? {};
      (transitions[e.event] ??= []).push({ target: `#m.${all[e.to]!.join('.')}`, ...(e.guard ? { guard: e.guard } : {}) });
      on.set(from, transitions);
    }
    return createMachine({ id: 'm', initial: 's0', states: config(top, on) } as never);
  });
