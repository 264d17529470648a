import { userInfo } from 'node:os';
import { Command, type Interfaces } from '@oclif/core';
import { systemActor, type Actor, type ServiceContext } from '@edms/domain';
import { describeAdminCreated, startServices, type Services } from '@edms/runtime';
import { describeError } from './lib/cli-error';

export type CommandFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>;
export type CommandArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

/** The OS account running the CLI; containers without a passwd entry fall back to $USER. */
function osUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env['USER'] ?? process.env['USERNAME'] ?? 'unknown';
  }
}

/**
 * What every `edms` command shares:
 * - `--json` (oclif's own flag): `run()` returns a typed result that oclif
 *   prints as the only thing on stdout; human output otherwise.
 * - flags and arguments are parsed before the database is opened, so a usage
 *   error never touches the data; then the services are started (pending
 *   migrations applied, defaults seeded) and closed again in `finally()`.
 * - the CLI acts as a local administrator `cli:<os user>`: whoever can run it
 *   can already read the data directory.
 * - errors are mapped once, through src/error-codes.ts, to an exit code and
 *   either `Error [CODE]: message` on stderr or a JSON error body on stdout.
 */
export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true;

  protected flags!: CommandFlags<T>;
  protected args!: CommandArgs<T>;
  #services: Services | undefined;
  #actor: Actor | undefined;

  protected get ctx(): ServiceContext {
    if (!this.#services) throw new Error('services are not started; init() has not run');
    return this.#services.ctx;
  }

  protected get actor(): Actor {
    this.#actor ??= systemActor(`cli:${osUserName()}`);
    return this.#actor;
  }

  protected get services(): Services {
    if (!this.#services) throw new Error('services are not started; init() has not run');
    return this.#services;
  }

  public override async init(): Promise<void> {
    await super.init();
    const { args, flags } = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (super.ctor as typeof BaseCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      args: this.ctor.args,
      strict: this.ctor.strict,
    });
    this.flags = flags as CommandFlags<T>;
    this.args = args as CommandArgs<T>;

    const { services, bootstrap } = await startServices();
    this.#services = services;
    const adminText = describeAdminCreated(bootstrap.seed);
    // Always on stderr, even with --json: a generated password is shown only this once.
    if (adminText) process.stderr.write(`${adminText}\n`);
    if (bootstrap.appliedMigrations.length > 0) {
      this.info(`Applied ${bootstrap.appliedMigrations.length} database migration(s) in ${services.env.dataDir}`);
    }
  }

  /** Progress and informational messages: stderr, silent with --json. */
  protected info(message: string): void {
    this.logToStderr(message);
  }

  protected override async catch(error: Error & { exitCode?: number }): Promise<void> {
    // `this.exit(n)` and oclif's own exit signal pass through untouched.
    if ((error as { code?: unknown }).code === 'EEXIT') throw error;
    const reported = describeError(error);
    process.exitCode = reported.exit;
    if (this.jsonEnabled()) {
      this.logJson(this.toErrorJson(error));
      return;
    }
    const lines = [`Error [${reported.code}]: ${reported.message}`];
    if (reported.hint) lines.push(`Hint: ${reported.hint}`);
    if (!reported.isExpected && process.env['DEBUG'] && error instanceof Error && error.stack) lines.push(error.stack);
    process.stderr.write(`${lines.join('\n')}\n`);
  }

  /** oclif's convention `{ error: … }`, with only what is safe and stable: code, message, details. */
  protected override toErrorJson(error: unknown): { error: { code: string; message: string; details: Record<string, unknown> | null; exitCode: number } } {
    const reported = describeError(error);
    return { error: { code: reported.code, message: reported.message, details: reported.details ?? null, exitCode: reported.exit } };
  }

  protected override async finally(error: Error | undefined): Promise<void> {
    try {
      await this.#services?.close();
    } finally {
      this.#services = undefined;
      await super.finally(error);
    }
  }
}
