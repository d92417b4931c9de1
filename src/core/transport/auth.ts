/** How requests authenticate: a PAT (Basic), a pipeline or extension token (Bearer), or a provider that refreshes. */
export type AuthHeaderProvider = () => string | Promise<string>;

const base64 = (text: string): string => {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
};

/** A personal access token is sent as Basic base64(":" + PAT). */
export const patAuth = (pat: string): AuthHeaderProvider => {
  const header = `Basic ${base64(`:${pat}`)}`;
  return () => header;
};

/** An OAuth or System.AccessToken token is sent as Bearer. */
export const bearerAuth = (token: string | (() => Promise<string>)): AuthHeaderProvider =>
  typeof token === 'string' ? () => `Bearer ${token}` : async () => `Bearer ${await token()}`;
