/**
 * A scenario script that cannot run: the message names the file, the line and the
 * problem (`scenario.txt:4: unknown command "sned" ...`), so the CLI prints it as is.
 */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';

  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
    options?: ErrorOptions,
  ) {
    super(`${file}:${line}: ${problem}`, options);
  }
}
