import { z } from 'zod';

export const CreateTokenBody = z.strictObject({
  name: z.string().min(1).max(100),
  username: z.string().min(1).max(100).describe('The user the token acts as.'),
  expiresInDays: z.number().int().min(1).max(3650).optional().describe('Never expires when omitted.'),
});

export const TokenParams = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9-]{1,100}$/).describe('The token id (from the list; never the secret).'),
});
