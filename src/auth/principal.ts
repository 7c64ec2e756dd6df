// The verified caller: who they are (principal id used for the RLS scope) and what the token allows.

export interface Principal {
  /** Key into app.principals: the Entra object id (oid) or, for the development issuer, the subject. */
  id: string;
  /** Display name for logs and answers, when the token carries one. */
  name?: string;
  /** Delegated scopes (scp) and application roles (roles) granted by the token. */
  scopes: string[];
  /** 'app' for client-credential tokens of a cloud agent, 'user' for delegated tokens. */
  kind: 'user' | 'app';
  issuer: string;
}

/** Principal ids travel into a SQL literal during scope setup; keep them to a boring alphabet. */
export const PRINCIPAL_ID_PATTERN = /^[A-Za-z0-9._:@-]{1,200}$/;
