import type { Database } from 'better-sqlite3';
import {
  audioDevicesSchema,
  type Account,
  type AudioDevices,
  type LanguagePreference,
  type ProtectionState,
  type ProtectionStep,
  type Settings,
  type StartupNotice,
} from '../../preload/contract';
import { signOut } from '../account/signOut';
import { createAgentStateService } from '../agentState/agentStateService';
import { createPresencePublisher } from '../team/presencePublisher';
import type { TeamBoardService } from '../team/teamBoard';
import { cachedCrmIdentity, markTeamRole } from '../crm/crmIdentity';
import { createWrapUpService } from '../wrapUp/wrapUpService';
import { createHealthCheckService } from '../healthCheck/healthCheckHandlers';
import { createHotkeyHandlers } from '../hotkeys/hotkeyService';
import { EvidenceError, exportEvidencePackage } from '../audit/evidence/exportEvidence';
import type { SyncService } from '../crm/syncService';
import { getAccount, saveAccount, type StoredAccount } from '../db/repositories/accounts';
import {
  appendAudit,
  auditActionsFor,
  verifyAuditChain,
  type JsonValue,
} from '../db/repositories/audit';
import { enqueueOutbox } from '../db/repositories/outbox';
import {
  closeCall,
  wasAnswered,
  countAbusiveCalls,
  listCalls,
  markAbusive,
  markAnswered,
  openCall,
} from '../db/repositories/callLog';
import { getSetting, setSetting } from '../db/repositories/settings';
import { personalStats } from '../db/repositories/stats';
import { acknowledgeCenterNotice, listCenterNotices } from '../db/repositories/centerNotices';
import { customerHistory } from '../db/repositories/customers';
import { createCustomer, screenPop } from '../crm/screenPop';
import { crmIntentSchema, crmScriptSchema } from '../crm/crmContract';
import { listCatalog } from '../db/repositories/crmCache';
import type { Logger } from '../logging/logger';
import { NoticeError, type MessageName, type NoticeLibrary } from '../notices/noticeLibrary';
import { createCallbackHandlers } from '../callbacks/callbackHandlers';
import { createNoteHandlers } from '../notes/noteHandlers';
import { createDiagnosticsHandlers } from '../diagnostics/diagnosticsHandlers';
import { createMonitoringService } from '../monitoring/monitoringHandlers';
import { createStartAtLogin, type StartAtLogin } from '../settings/startAtLogin';
import { assertNotManaged, pinnedSettings } from '../policy/managedSettings';
import type { PolicySource } from '../policy/policySource';
import type { RecordingService } from '../recording/recordingHandlers';
import type { SecretStore } from '../secrets/secretStore';
import { resolveLanguage } from '../settings/language';
import type { EventHub } from './events';
import { HandlerError, type Handlers } from './handle';

export interface HandlerDeps {
  db: Database;
  secrets: SecretStore;
  events: EventHub;
  logger: Logger;
  notices: StartupNotice[];
  recordingNotices: NoticeLibrary;
  /** Read on every request: IT's changes apply without a restart. */
  policy: PolicySource;
  recording: RecordingService;
  sync: SyncService;
  /** The lead's team board (issue #8); none: team:getBoard answers an empty board. */
  teamBoard?: Pick<TeamBoardService, 'current'>;
  evidence: { dir: string; verifierScript: string };
  /** Where diagnostics bundles are written, and the folder of the rotated logs they include. */
  diagnostics: { dir: string; logDir: string };
  /** Start at login (services applies it at start); none: stored only, no OS login item. */
  startAtLogin?: StartAtLogin;
  app: { shell: 'electron' | 'chromium'; version: string; systemLocale: string };
  onRendererReadyToQuit(): void;
}

const SYSTEM_DEFAULT_DEVICES: AudioDevices = { microphone: null, speaker: null, ringer: null };

/** The message file each protection step plays. */
const PROTECTION_MESSAGE: Record<ProtectionStep, MessageName> = {
  warning1: 'warning-1',
  warning2: 'warning-2',
  terminate: 'termination',
  harassment: 'harassment',
};

const publicAccount = (account: StoredAccount) => ({
  displayName: account.displayName,
  sipUri: account.sipUri,
  wsServers: account.wsServers,
  dtmfMode: account.dtmfMode,
  hasPassword: account.passwordRef !== null,
});

/** Maps every channel of the contract to its handler. The `Handlers` type makes this exhaustive. */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { db, secrets, events } = deps;
  const rendererLog = deps.logger.child('renderer');
  const policy = () => deps.policy.current();

  // Policy wins over the agent's choices: a pinned setting reads as IT's value.
  const startAtLogin =
    deps.startAtLogin ?? createStartAtLogin({ db, policy, port: null, logger: deps.logger });
  const readSettings = (): Settings => {
    const pinned = policy().settings;
    return {
      language: pinned.language ?? getSetting<LanguagePreference>(db, 'language') ?? 'system',
      micProcessing: pinned.micProcessing ?? getSetting<boolean>(db, 'micProcessing') ?? true,
      startAtLogin: startAtLogin.enabled(),
    };
  };
  const effectiveAccount = (account: StoredAccount): StoredAccount => {
    const sip = policy().sip;
    return {
      ...account,
      wsServers: sip?.wsServers ?? account.wsServers,
      dtmfMode: sip?.dtmfMode ?? account.dtmfMode,
    };
  };
  const protectionState = (): ProtectionState => {
    const until = getSetting<number | null>(db, 'recoveryUntil') ?? null;
    return {
      ...policy().protection,
      recoveryUntil: until !== null && until > Date.now() ? until : null,
      abusiveCalls: countAbusiveCalls(db),
    };
  };
  const wrapUp = createWrapUpService({
    db,
    queue: () => policy().crm?.queue ?? null,
    queued: deps.sync.kick,
  });
  const healthCheck = createHealthCheckService({ db, logger: deps.logger });
  const agentState = createAgentStateService({
    db,
    recordingNotices: deps.recordingNotices,
    recoveryUntil: () => getSetting<number | null>(db, 'recoveryUntil') ?? null,
    wrapUpDue: wrapUp.hasDue,
    afterCallWork: () => policy().afterCallWork,
    onChange: (status) => {
      events.emit('agentState:changed', status);
      presence.stateChanged(status);
    },
    healthCheckDue: () =>
      policy().healthCheck.requiredBeforeReady && !healthCheck.passedThisShift(),
  });
  // The team lead's board (issue #8): the agent's state, call and rest go out through the outbox.
  const presence = createPresencePublisher({
    db,
    // Only to a CRM that knows this user (GET /v1/me answered): an older CRM without team
    // support would refuse every presence, and each refusal is an audited sync.rejected.
    enabled: () => policy().crm !== undefined && cachedCrmIdentity(db) !== null,
    status: () => agentState.status(),
    recoveryUntil: () => getSetting<number | null>(db, 'recoveryUntil') ?? null,
    kick: () => deps.sync.kick(),
  });
  presence.refresh();
  // Nothing is published before the CRM said who this user is: say it as soon as it does.
  events.subscribe((event) => {
    if (event === 'team:role') presence.refresh();
  });
  const currentLanguage = () => resolveLanguage(readSettings().language, deps.app.systemLocale);
  const monitoring = createMonitoringService({ db, policy, secrets, logger: deps.logger });

  return {
    'app:getInfo': () => ({
      version: deps.app.version,
      shell: deps.app.shell,
      language: currentLanguage(),
    }),
    'app:getNotices': () => deps.notices,
    'app:readyToQuit': () => {
      deps.onRendererReadyToQuit();
      return {};
    },

    'settings:get': () => readSettings(),
    'settings:setLanguage': ({ language }) => {
      assertNotManaged(policy(), 'language', language);
      setSetting(db, 'language', language);
      const resolved = currentLanguage();
      events.emit('settings:languageChanged', { language: resolved });
      return { language: resolved };
    },
    'settings:setMicProcessing': ({ enabled }) => {
      assertNotManaged(policy(), 'micProcessing', enabled);
      setSetting(db, 'micProcessing', enabled);
      return readSettings();
    },
    'settings:setStartAtLogin': ({ enabled }) => {
      startAtLogin.set(enabled);
      return readSettings();
    },

    'audioDevices:get': () => {
      const stored = audioDevicesSchema.safeParse(getSetting<unknown>(db, 'audioDevices'));
      return stored.success ? stored.data : SYSTEM_DEFAULT_DEVICES;
    },
    'audioDevices:set': (devices) => {
      setSetting(db, 'audioDevices', devices);
      return devices;
    },

    'account:get': () => {
      const account = getAccount(db);
      return account ? publicAccount(effectiveAccount(account)) : null;
    },
    'account:save': (request) => {
      assertNotManaged(policy(), 'wsServers', request.wsServers);
      assertNotManaged(policy(), 'dtmfMode', request.dtmfMode);
      const existing = getAccount(db);
      const { password, ...fields } = request;
      // The password goes to the secret store first; SQLite keeps only its reference.
      const passwordRef =
        password !== undefined
          ? secrets.put(password, existing?.passwordRef)
          : (existing?.passwordRef ?? null);
      const saved = db.transaction((account: Account) => {
        const row = saveAccount(db, { ...account, passwordRef });
        appendAudit(db, {
          at: Date.now(),
          actor: 'agent',
          action: 'account.saved',
          subject: null,
          detail: { passwordChanged: password !== undefined, servers: account.wsServers.length },
        });
        return row;
      })(fields);
      return publicAccount(effectiveAccount(saved));
    },
    'account:signOut': ({ purge }) => {
      // The policy can require the purge; the agent can always ask for it.
      const role = markTeamRole(db);
      const result = signOut(db, secrets, {
        purge: purge || policy().dataAtRest.purgeOnSignOut,
      });
      deps.logger.info('signed out', { purged: result.purged, kept: result.kept });
      // The CRM token is gone: the sync banner says so, and queued writes wait for the next one.
      deps.sync.kick();
      const change = role.changed();
      if (change) events.emit('team:role', change.role);
      return result;
    },
    'account:getCredentials': () => {
      // Fail closed: with an invalid policy the window cannot register, so no call runs unmanaged.
      if (!deps.policy.status().valid)
        throw new HandlerError('POLICY_INVALID', 'the machine policy file is invalid');
      const stored = getAccount(db);
      const account = stored ? effectiveAccount(stored) : null;
      const password = account?.passwordRef ? secrets.get(account.passwordRef) : null;
      if (!account || password === null)
        throw new HandlerError('NO_ACCOUNT', 'no SIP account is set up');
      return {
        displayName: account.displayName,
        sipUri: account.sipUri,
        wsServers: account.wsServers,
        dtmfMode: account.dtmfMode,
        password,
      };
    },

    'callLog:open': (request) => {
      openCall(db, { ...request, accountId: getAccount(db)?.id ?? null });
      presence.callStarted(request.startedAt);
      return { callId: request.callId };
    },
    'callLog:markAnswered': ({ callId, answeredAt }) => {
      if (!markAnswered(db, callId, answeredAt))
        throw new HandlerError('NOT_FOUND', 'no such call');
      return { callId };
    },
    'callLog:close': ({ callId, endedAt, endReason }) => {
      if (!closeCall(db, callId, endedAt, endReason))
        throw new HandlerError('NOT_FOUND', 'no such call');
      monitoring.callClosed(callId, endedAt);
      presence.callEnded();
      const dispositionDue = wrapUp.callClosed(callId);
      agentState.callEnded(wasAnswered(db, callId), dispositionDue);
      return { callId };
    },
    'callLog:list': ({ limit }) => listCalls(db, limit),

    'notice:load': ({ language }) => {
      try {
        const notice = deps.recordingNotices.load(language);
        return { language, sha256: notice.sha256, audio: notice.bytes.toString('base64') };
      } catch (error) {
        if (!(error instanceof NoticeError)) throw error;
        // Audited: a refused notice is itself evidence (a changed file, a broken installation).
        appendAudit(db, {
          at: Date.now(),
          actor: 'system',
          action: 'recording_notice.refused',
          subject: null,
          detail: { language, reason: error.message },
        });
        throw new HandlerError('NOTICE_INVALID', error.message);
      }
    },
    'notice:report': (report) => {
      // The proof that the customer was told: mode, language, checksum, start and end.
      let detail: JsonValue;
      switch (report.outcome) {
        case 'played':
          detail = {
            mode: 'app',
            language: report.language,
            sha256: report.sha256,
            startedAt: report.startedAt,
            endedAt: report.endedAt,
          };
          break;
        case 'pbx_played': {
          // Only a header the policy names counts as proof; anything else is a bug or a forgery.
          const expected = policy().recordingNotice;
          if (
            expected.mode !== 'pbx-or-app' ||
            expected.proofHeader.toLowerCase() !== report.header.toLowerCase()
          ) {
            throw new HandlerError('INVALID_REQUEST', 'the policy names no such PBX proof header');
          }
          detail = { mode: 'pbx', language: report.language, header: report.header, at: report.at };
          break;
        }
        case 'failed':
          detail = {
            mode: 'app',
            language: report.language,
            failure: report.failure,
            at: report.at,
          };
          break;
      }
      appendAudit(db, {
        at: Date.now(),
        actor: 'agent',
        action: `recording_notice.${report.outcome}`,
        subject: report.callId,
        detail,
      });
      return {};
    },

    'protection:loadMessage': ({ language, step }) => {
      try {
        const message = deps.recordingNotices.load(language, PROTECTION_MESSAGE[step]);
        return { language, step, sha256: message.sha256, audio: message.bytes.toString('base64') };
      } catch (error) {
        if (!(error instanceof NoticeError)) throw error;
        appendAudit(db, {
          at: Date.now(),
          actor: 'system',
          action: 'protection.message_refused',
          subject: null,
          detail: { language, step, reason: error.message },
        });
        throw new HandlerError('NOTICE_INVALID', error.message);
      }
    },
    'protection:getState': () => protectionState(),
    'protection:recordStep': ({ callId, step, language, startedAt, endedAt }) => {
      const rules = policy().protection;
      return db.transaction(() => {
        const done = auditActionsFor(db, callId, 'protection.').map((a) =>
          a.slice('protection.'.length),
        );
        const warnings = done.filter((a) => a === 'warning1' || a === 'warning2').length;
        const ended = done.includes('terminate') || done.includes('harassment');
        const allowed =
          !ended &&
          !done.includes(step) &&
          (step === 'warning1' ||
            (step === 'warning2' && done.includes('warning1')) ||
            (step === 'terminate' && warnings >= rules.warningsBeforeTermination) ||
            step === 'harassment');
        if (!allowed) throw new HandlerError('STEP_NOT_ALLOWED', `${step} is not allowed now`);
        appendAudit(db, {
          at: Date.now(),
          actor: 'agent',
          action: `protection.${step}`,
          subject: callId,
          detail: { language, startedAt, endedAt, warningsBefore: warnings },
        });
        if (step === 'terminate' || step === 'harassment') {
          // The call is evidence now; the team lead is told; the agent rests (OSH Act Art. 41).
          const now = Date.now();
          markAbusive(db, callId);
          const recoveryUntil = now + rules.recoveryMinutes * 60_000;
          setSetting(db, 'recoveryUntil', recoveryUntil);
          agentState.enterRecovery();
          enqueueOutbox(db, 'team_lead_alert', {
            callId,
            reason: step === 'harassment' ? 'sexual_harassment' : 'abuse',
            warnings,
            at: now,
            recoveryUntil,
          });
          appendAudit(db, {
            at: now,
            actor: 'system',
            action: 'protection.recovery_started',
            subject: callId,
            detail: { recoveryUntil, minutes: rules.recoveryMinutes },
          });
          presence.refresh();
        }
        return protectionState();
      })();
    },
    'protection:endRecovery': () => {
      if (!policy().protection.canLeaveRecoveryEarly) {
        throw new HandlerError(
          'STEP_NOT_ALLOWED',
          'the policy does not allow ending the rest early',
        );
      }
      db.transaction(() => {
        setSetting(db, 'recoveryUntil', null);
        appendAudit(db, {
          at: Date.now(),
          actor: 'agent',
          action: 'protection.recovery_ended_early',
          subject: null,
          detail: {},
        });
      })();
      presence.refresh();
      return protectionState();
    },

    ...deps.recording.handlers,
    ...agentState.handlers,
    'team:getBoard': () => deps.teamBoard?.current() ?? { team: null, live: false, rows: [] },
    ...wrapUp.handlers,
    ...createNoteHandlers(db, deps.sync.kick),
    ...deps.sync.handlers,
    ...createCallbackHandlers(
      db,
      {
        get outboundWindow() {
          return policy().outboundWindow;
        },
      },
      () => {
        deps.sync.kick();
        // A callback added or done changes the overdue count on the lead's board.
        presence.refresh();
      },
    ),

    'audit:verify': () => {
      const entries = db.prepare<[], number>('SELECT count(*) FROM audit_log').pluck().get() ?? 0;
      const result = verifyAuditChain(db);
      if (result.ok) return { entries, brokenAt: null };
      const row = db
        .prepare<[number], { at: number; action: string }>(
          'SELECT at, action FROM audit_log WHERE id = ?',
        )
        .get(result.brokenAt);
      return {
        entries,
        brokenAt: { id: result.brokenAt, at: row?.at ?? null, action: row?.action ?? null },
      };
    },

    'evidence:export': ({ callId }) => {
      const vault = deps.recording.vault();
      const recording =
        vault?.has(callId) === true
          ? { fileName: 'recording.webm', bytes: vault.read(callId).bytes }
          : null;
      try {
        const result = exportEvidencePackage(db, {
          callId,
          outDir: deps.evidence.dir,
          now: Date.now(),
          appVersion: deps.app.version,
          verifierScript: deps.evidence.verifierScript,
          recording,
        });
        return { folder: result.dir, files: result.files };
      } catch (error) {
        if (error instanceof EvidenceError) throw new HandlerError('NOT_FOUND', error.message);
        throw error;
      }
    },

    ...createDiagnosticsHandlers({
      db,
      secrets,
      policy: deps.policy,
      sync: deps.sync,
      logger: deps.logger.child('diagnostics'),
      app: deps.app,
      dir: deps.diagnostics.dir,
      logDir: deps.diagnostics.logDir,
    }),

    'stats:personal': ({ since }) => personalStats(db, since),
    'centerNotices:list': () => listCenterNotices(db),
    'centerNotices:acknowledge': ({ id }) => {
      const acknowledged = db.transaction(() => {
        const at = Date.now();
        if (!acknowledgeCenterNotice(db, id, at)) return false;
        appendAudit(db, {
          at,
          actor: 'agent',
          action: 'center_notice.acknowledged',
          subject: id,
          detail: {},
        });
        return true;
      })();
      if (acknowledged) deps.sync.kick();
      else if (!listCenterNotices(db).some((n) => n.id === id)) {
        throw new HandlerError('NOT_FOUND', 'no such notice');
      }
      return listCenterNotices(db);
    },
    'crm:lookup': (request) => screenPop(db, request),
    'crm:createCustomer': (request) => {
      const card = createCustomer(db, request);
      if (!card) throw new HandlerError('INVALID_REQUEST', 'no phone number to register');
      deps.sync.kick();
      return card;
    },
    'crm:scripts': ({ kind, customerType }) =>
      listCatalog(db, 'script')
        .map((raw) => crmScriptSchema.safeParse(raw))
        .filter((parsed) => parsed.success)
        .map(({ data }) => data)
        .filter(
          (script) =>
            script.kind === kind &&
            (script.customerType === null || script.customerType === customerType),
        )
        .slice(0, 100)
        .map((script) => ({
          id: script.id,
          kind: script.kind,
          customerType: script.customerType,
          title: script.title,
          body: script.body,
          objections: script.objections.map((o) => ({
            id: o.id,
            label: o.label,
            answer: o.answer,
          })),
        })),
    'crm:intents': () =>
      listCatalog(db, 'intent')
        .map((raw) => crmIntentSchema.safeParse(raw))
        .filter((parsed) => parsed.success)
        .map(({ data }) => ({
          code: data.code,
          label: { ko: data.label.ko, en: data.label.en },
          group: data.group,
        })),
    'crm:history': ({ customerId }) => customerHistory(db, customerId),

    ...healthCheck.handlers,
    ...createHotkeyHandlers({ db, events }),
    ...monitoring.handlers,

    'policy:get': () => {
      const current = policy();
      const status = deps.policy.status();
      return {
        status: { valid: status.valid, file: status.file, problems: status.problems.slice(0, 50) },
        pinned: pinnedSettings(current),
        features: current.features,
        recordingNotice: {
          pbxProofHeader:
            current.recordingNotice.mode === 'pbx-or-app'
              ? current.recordingNotice.proofHeader
              : null,
        },
        recording: { enabled: current.recording.enabled },
        screenPop: { customerIdHeader: current.screenPop.customerIdHeader },
        autoAnswer: {
          mode: current.autoAnswer.mode,
          delaySeconds: current.autoAnswer.delaySeconds,
        },
        media: {
          stunServers: current.media.stunServers,
          iceGatheringCapMs: current.media.iceGatheringCapMs,
        },
        signalling: { keepaliveSeconds: current.signalling.keepaliveSeconds },
        healthCheck: { mediaTestUri: current.healthCheck.mediaTestUri },
        monitoring: {
          indicator: current.monitoring.indicator,
          mode: current.monitoring.mode,
          featureCodes: current.monitoring.featureCodes,
        },
      };
    },

    'log:write': ({ level, scope, message }) => {
      rendererLog.child(scope)[level](message);
      return {};
    },
  };
}
