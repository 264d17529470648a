import { Args, Flags } from '@oclif/core';
import { createUser, parseRole, type PublicUser } from '@edms/domain';
import { BaseCommand } from '../../base-command';
import { CliError } from '../../lib/cli-error';
import { readSecretFile } from '../../lib/files';
import { canPrompt, promptNewPassword } from '../../lib/prompt';
import { renderUser } from '../../lib/users';

/** Where the new password may come from, never a flag value (it would land in shell history and `ps`). */
export const NEW_PASSWORD_ENV = 'EDMS_NEW_USER_PASSWORD';

export default class UserCreate extends BaseCommand<typeof UserCreate> {
  static override summary = 'Create a user who can log in to the web dashboard and API.';
  static override description =
    `The password is read from --password-file, else from the ${NEW_PASSWORD_ENV} environment variable, else asked for (twice, hidden) on a terminal. ` +
    'It is never accepted as a flag value. Passwords need at least 12 characters.';
  static override examples = [
    '<%= config.bin %> user create jdoe --email jdoe@example.com --role operator --display-name "Jane Doe"',
    '<%= config.bin %> user create auditor --email audit@example.com --role viewer --password-file ./auditor.pw',
    `${NEW_PASSWORD_ENV}='correct horse battery' <%= config.bin %> user create ops --email ops@example.com --role admin --json`,
  ];
  static override args = {
    username: Args.string({ description: 'Login name: lowercase letters, digits, dot, dash or underscore.', required: true }),
  };
  static override flags = {
    email: Flags.string({ description: 'Email address.', required: true }),
    role: Flags.string({ description: 'ADMIN, OPERATOR or VIEWER.', required: true }),
    'display-name': Flags.string({ description: 'Name shown in the dashboard (default: the username).' }),
    'password-file': Flags.string({ description: 'File whose content (without a trailing newline) is the password.', helpValue: 'FILE' }),
  };

  async run(): Promise<PublicUser> {
    const role = parseRole(this.flags.role);
    const password = await this.readPassword();
    const user = await createUser(this.ctx, this.actor, {
      username: this.args.username,
      email: this.flags.email,
      displayName: this.flags['display-name'],
      role,
      password,
    });
    this.info(`Created user "${user.username}" (${user.role}).`);
    this.log(renderUser(user));
    return user;
  }

  private async readPassword(): Promise<string> {
    const file = this.flags['password-file'];
    if (file) return readSecretFile(file);
    const fromEnv = process.env[NEW_PASSWORD_ENV];
    if (fromEnv) return fromEnv;
    if (canPrompt()) return promptNewPassword(`Password for ${this.args.username}`);
    throw new CliError(
      'PASSWORD_REQUIRED',
      `no password given: pass --password-file FILE, set ${NEW_PASSWORD_ENV}, or run on a terminal to be asked`,
    );
  }
}
