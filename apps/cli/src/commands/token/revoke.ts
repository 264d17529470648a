import { Args, Flags } from '@oclif/core';
import { listApiTokens, revokeApiToken, type PublicApiToken } from '@edms/domain';
import { BaseCommand } from '../../base-command';
import { confirmOrRefuse } from '../../lib/prompt';

export default class TokenRevoke extends BaseCommand<typeof TokenRevoke> {
  static override summary = 'Revoke an API token: requests using it are refused from now on.';
  static override description = 'Asks for confirmation on a terminal; without one it refuses unless --yes is given. Find the id with `edms token list`.';
  static override examples = ['<%= config.bin %> token revoke 3f0c9a52-5a8e-4a7e-9c4b-1d2e3f405162 --yes'];
  static override args = {
    id: Args.string({ description: 'Token id (from `edms token list`).', required: true }),
  };
  static override flags = {
    yes: Flags.boolean({ char: 'y', description: 'Confirm without asking.' }),
  };

  async run(): Promise<PublicApiToken> {
    // Asked only about a token that can be revoked; an unknown or revoked id fails below with its own code.
    const target = (await listApiTokens(this.ctx, this.actor)).find((t) => t.id === this.args.id && !t.revokedAt);
    if (target) {
      await confirmOrRefuse({ yes: this.flags.yes, action: `Revoke API token "${target.name}" of ${target.username ?? target.userId}` });
    }
    const token = await revokeApiToken(this.ctx, this.actor, this.args.id);
    this.log(`Revoked token "${token.name}" (id ${token.id}).`);
    return token;
  }
}
