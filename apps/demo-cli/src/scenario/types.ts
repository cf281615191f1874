/** One command of a scenario script, with the line it came from (for error messages). */
export type ScenarioStep =
  | { readonly kind: 'new'; readonly line: number; readonly session: string }
  | { readonly kind: 'switch'; readonly line: number; readonly session: string }
  | { readonly kind: 'send'; readonly line: number; readonly session: string; readonly text: string }
  | { readonly kind: 'cancel'; readonly line: number; readonly session: string }
  | { readonly kind: 'wait'; readonly line: number; readonly ms: number }
  | { readonly kind: 'waitIdle'; readonly line: number };

/** The command words of the scenario language, in the order the help lists them. */
export const SCENARIO_COMMANDS = ['new', 'switch', 'send', 'cancel', 'wait'] as const;
