/**
 * PBX feature-code monitoring: the SIP URI that dials `code` followed by the agent's extension
 * on the agent's domain (sip:1001@pbx + *222 -> sip:*2221001@pbx). '#' is escaped in a SIP URI's
 * user part; '*' and digits are not. Null when the agent's address is not a sip: URI.
 */
export function featureCodeTarget(agentUri: string, code: string): string | null {
  const match = /^(sips?):([^@;]+)@([^;?]+)/.exec(agentUri.trim());
  if (!match || !/^[0-9*#]{1,8}$/.test(code)) return null;
  const [, scheme, user, host] = match;
  return `${scheme}:${(code + user).replace(/#/g, '%23')}@${host}`;
}
