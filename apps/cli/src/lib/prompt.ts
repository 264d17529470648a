import { createInterface } from 'node:readline';
import { CliError } from './cli-error';

/** Prompts need a person at a terminal: stdin to answer, stderr to ask (stdout stays data). */
export function canPrompt(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

function ask(question: string, hidden: boolean): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  // readline has no public switch for echo; replacing its output writer after
  // the question is the usual way to read a secret without a dependency.
  const writer = rl as unknown as { _writeToOutput(text: string): void };
  const write = writer._writeToOutput.bind(rl);
  let muted = false;
  writer._writeToOutput = (text: string) => {
    if (!muted) write(text);
  };
  return new Promise<string>((resolve, reject) => {
    rl.once('SIGINT', () => {
      rl.close();
      reject(new CliError('CONFIRMATION_DECLINED', 'interrupted; nothing was changed'));
    });
    rl.question(question, (answer) => {
      if (hidden) process.stderr.write('\n');
      rl.close();
      resolve(answer);
    });
    muted = hidden;
  });
}

export interface ConfirmOptions {
  /** `--yes` was given. */
  yes: boolean;
  /** What will happen, e.g. `Delete backup configuration "daily-full"`. */
  action: string;
}

/**
 * A destructive command's confirmation: `--yes` answers it; on a terminal the
 * operator is asked; without a terminal (cron, scripts, CI) it refuses and says
 * to pass --yes, so nothing is destroyed by a hung or misread prompt.
 */
export async function confirmOrRefuse({ yes, action }: ConfirmOptions): Promise<void> {
  if (yes) return;
  if (!canPrompt()) {
    throw new CliError(
      'CONFIRMATION_REQUIRED',
      `${action}: this needs confirmation and there is no terminal to ask on; pass --yes to confirm`,
      { details: { flag: '--yes' } },
    );
  }
  const answer = (await ask(`${action}? Type "yes" to confirm: `, false)).trim().toLowerCase();
  if (answer !== 'yes' && answer !== 'y') {
    throw new CliError('CONFIRMATION_DECLINED', `${action}: not confirmed; nothing was changed`);
  }
}

/** Reads a secret without echoing it, asking twice so a typo does not lock anyone out. */
export async function promptNewPassword(label: string): Promise<string> {
  const first = await ask(`${label}: `, true);
  const second = await ask(`Repeat ${label.toLowerCase()}: `, true);
  if (first !== second) {
    throw new CliError('PASSWORD_REQUIRED', 'the two passwords differ; nothing was changed');
  }
  return first;
}
