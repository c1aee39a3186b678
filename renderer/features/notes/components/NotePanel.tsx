import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { findPersonalData } from '../../../../preload/contract/personalData';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { noteEdited, noteIntentChosen, noteMasked, noteSubmitClicked } from '../notesSlice';

/**
 * 상담 메모 for the current (or just ended) call. The text is autosaved as a draft while the
 * agent types. Personal data (주민등록번호, card, account and phone numbers, e-mail) is flagged as
 * it is typed, with 마스킹 to mask it; main refuses to save it unless the agent gives a reason.
 */
export function NotePanel() {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const editor = useAppSelector((state) => state.notes.editor);
  const intents = useAppSelector((state) => state.notes.intents);
  const intentId = useId();
  const [reason, setReason] = useState('');
  const titleId = useId();
  const reasonId = useId();
  const body = editor?.body ?? '';
  const findings = useMemo(() => findPersonalData(body), [body]);
  if (!editor) return null;

  const kinds = [...new Set(findings.map((f) => f.kind))];
  const saving = editor.phase === 'saving';
  return (
    <section className="note-panel" aria-labelledby={titleId}>
      <h2 id={titleId} className="section-title">
        {t('notes.title')}
      </h2>
      {intents.length > 0 && (
        <div className="note-panel__intent">
          <label htmlFor={intentId}>{t('notes.intent')}</label>
          <select
            id={intentId}
            value={editor.intentCode ?? ''}
            disabled={saving}
            onChange={(event) =>
              dispatch(noteIntentChosen({ intentCode: event.target.value || null }))
            }
          >
            <option value="">{t('notes.noIntent')}</option>
            {intents.map((intent) => (
              <option key={intent.code} value={intent.code}>
                {i18n.language.startsWith('en') ? intent.label.en : intent.label.ko}
              </option>
            ))}
          </select>
        </div>
      )}
      <textarea
        className="note-panel__body"
        aria-label={t('notes.body')}
        value={editor.body}
        maxLength={20_000}
        rows={5}
        readOnly={saving}
        onChange={(event) => dispatch(noteEdited({ body: event.target.value }))}
      />
      {kinds.length > 0 && (
        <div role="alert" className="note-panel__pii">
          <span>
            {t('notes.personalData', {
              kinds: kinds.map((kind) => t(`notes.kind.${kind}`)).join(', '),
            })}
          </span>
          <button type="button" className="btn btn--small" onClick={() => dispatch(noteMasked())}>
            {t('notes.mask')}
          </button>
        </div>
      )}
      {editor.phase === 'blocked' && (
        <div className="note-panel__override">
          <p role="alert" className="inline-error">
            {t('notes.blocked')}
          </p>
          <label htmlFor={reasonId}>{t('notes.overrideReason')}</label>
          <input
            id={reasonId}
            type="text"
            value={reason}
            maxLength={500}
            onChange={(event) => setReason(event.target.value)}
          />
          <button
            type="button"
            className="btn"
            disabled={reason.trim().length < 5}
            onClick={() => dispatch(noteSubmitClicked({ overrideReason: reason.trim() }))}
          >
            {t('notes.saveWithReason')}
          </button>
        </div>
      )}
      {editor.error && (
        <p role="alert" className="inline-error">
          {t('notes.saveFailed', { reason: t(`errors.${editor.error}`) })}
        </p>
      )}
      <div className="note-panel__actions">
        <button
          type="button"
          className="btn btn--primary"
          disabled={saving || editor.body.trim() === '' || editor.phase === 'saved'}
          onClick={() => dispatch(noteSubmitClicked({ overrideReason: null }))}
        >
          {t('notes.save')}
        </button>
        <span role="status" aria-label={t('notes.state')} className="note-panel__state">
          {editor.phase === 'saved'
            ? t('notes.saved')
            : editor.draftSavedAt !== null
              ? t('notes.draftSaved')
              : ''}
        </span>
      </div>
    </section>
  );
}
