import type { CrmUser } from './referenceCrm';

// The people of the reference CRM's two teams, shared by the integration suites of team-lead
// monitoring and the team board (issue #8): an agent and their lead in team-a, a teammate, and a
// lead and an agent of team-b who must never see or reach team-a.

export const AGENT: CrmUser = {
  agentId: 'agent-1001',
  sipUri: 'sip:1001@127.0.0.1',
  displayName: '이상담',
  role: 'agent',
  team: 'team-a',
};
export const LEAD: CrmUser = {
  agentId: 'lead-7',
  sipUri: 'sip:2001@127.0.0.1',
  displayName: '김팀장',
  role: 'lead',
  team: 'team-a',
};
export const TEAMMATE: CrmUser = {
  ...AGENT,
  agentId: 'agent-1003',
  sipUri: 'sip:1003@127.0.0.1',
};
export const OTHER_LEAD: CrmUser = {
  ...LEAD,
  agentId: 'lead-9',
  sipUri: 'sip:2009@127.0.0.1',
  team: 'team-b',
};
export const OUTSIDER: CrmUser = {
  agentId: 'agent-3001',
  sipUri: 'sip:3001@127.0.0.1',
  displayName: '박다른팀',
  role: 'agent',
  team: 'team-b',
};

/** Bearer tokens the reference CRM maps to the users above. */
export const TOKENS = {
  agent: 'agent-token-0123456789',
  lead: 'lead-token-0123456789',
  teammate: 'teammate-token-0123456789',
  otherLead: 'other-lead-token-0123456789',
  outsider: 'outsider-token-0123456789',
};
