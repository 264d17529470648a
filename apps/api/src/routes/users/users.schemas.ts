import { USER_ROLES } from '@edms/domain';
import { z } from 'zod';

export const CreateUserBody = z.strictObject({
  username: z.string().min(1).max(100),
  email: z.string().min(3).max(320),
  displayName: z.string().max(200).optional(),
  role: z.enum(USER_ROLES),
  password: z.string().min(1).max(1024).describe('At least the domain\'s minimum length; stored only as a scrypt hash.'),
});
