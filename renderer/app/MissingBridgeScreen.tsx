import en from '../i18n/locales/en.json';
import ko from '../i18n/locales/ko.json';

/**
 * Shown when the page has no `window.sori` (opened outside the app). The language is unknown
 * without main, so it says it in both.
 */
export function MissingBridgeScreen() {
  return (
    <main className="fatal" role="alert">
      <section lang="ko">
        <h1>{ko.bridge.title}</h1>
        <p>{ko.bridge.body}</p>
      </section>
      <section lang="en">
        <h1>{en.bridge.title}</h1>
        <p>{en.bridge.body}</p>
      </section>
    </main>
  );
}
