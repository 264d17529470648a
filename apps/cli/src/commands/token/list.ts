import { listApiTokens, type PublicApiToken } from '@edms/domain';
import { BaseCommand } from '../../base-command';
import { renderTokenTable } from '../../lib/users';

export default class TokenList extends BaseCommand<typeof TokenList> {
  static override summary = 'List API tokens (never their secrets or hashes).';
  static override examples = ['<%= config.bin %> token list', '<%= config.bin %> token list --json'];

  async run(): Promise<PublicApiToken[]> {
    const tokens = await listApiTokens(this.ctx, this.actor);
    this.log(tokens.length > 0 ? renderTokenTable(tokens, this.ctx.clock.now()) : 'No API tokens. Create one with `edms token create NAME --user USERNAME`.');
    return tokens;
  }
}
