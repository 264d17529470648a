import { listUsers, type PublicUser } from '@edms/domain';
import { BaseCommand } from '../../base-command';
import { renderUserTable } from '../../lib/users';

export default class UserList extends BaseCommand<typeof UserList> {
  static override summary = 'List users (never their password hashes).';
  static override examples = ['<%= config.bin %> user list', '<%= config.bin %> user list --json'];

  async run(): Promise<PublicUser[]> {
    const users = await listUsers(this.ctx, this.actor);
    this.log(renderUserTable(users));
    return users;
  }
}
