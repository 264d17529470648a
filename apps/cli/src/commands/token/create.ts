import { Args, Flags } from '@oclif/core';
import { createApiToken, type CreatedApiToken } from '@edms/domain';
import { BaseCommand } from '../../base-command';
import { formatDate } from '../../lib/table';

export default class TokenCreate extends BaseCommand<typeof TokenCreate> {
  static override summary = 'Create an API token for a user; its secret is shown once.';
  static override description =
    'Prints the secret alone on stdout (details go to stderr), so `edms token create ci --user admin > ci.token` keeps just the secret. ' +
    'Only a hash is stored: the secret cannot be shown again. Use it as `Authorization: Bearer <secret>`.';
  static override examples = [
    '<%= config.bin %> token create monitoring --user admin --expires-in-days 90',
    '<%= config.bin %> token create ci --user ops --json',
  ];
  static override args = {
    name: Args.string({ description: 'What the token is for (1–100 characters).', required: true }),
  };
  static override flags = {
    user: Flags.string({ description: 'Username the token acts as.', required: true, helpValue: 'USERNAME' }),
    'expires-in-days': Flags.integer({ description: 'Days until it expires (1–3650; default: never).', helpValue: 'N' }),
  };

  async run(): Promise<CreatedApiToken> {
    const created = await createApiToken(this.ctx, this.actor, {
      name: this.args.name,
      username: this.flags.user,
      expiresInDays: this.flags['expires-in-days'],
    });
    const { token } = created;
    this.info(
      `Created token "${token.name}" (id ${token.id}) for ${token.username ?? token.userId}, expires ${token.expiresAt ? formatDate(token.expiresAt) : 'never'}.\n` +
        'Store the secret now: it is shown only this once.',
    );
    this.log(created.secret);
    return created;
  }
}
