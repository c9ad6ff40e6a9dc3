// The Share button: copies a link that replays this run (the scenario, everything typed and
// every migration asked so far, and the epoch and trace hash it had reached, in the URL's
// fragment, compressed) and says "Link copied", with a warning when the link is longer than
// some chat tools keep (SAFE_LINK_CHARS); when the clipboard refuses, it shows the link in a text
// field to copy by hand.

import { useEffect, useState } from 'react';
import type { BrowserMachine } from '../../engine/machine/browser/browser-machine';
import { SAFE_LINK_CHARS } from '../../engine/machine/scenario-url';

type Shared =
  { status: 'idle' } | { status: 'working' } | { status: 'copied'; url: string } | { status: 'manual'; url: string };

/** How long "Link copied" stays, ms. */
const COPIED_MS = 4000;

export function ShareButton({ machine }: { machine: BrowserMachine | undefined }) {
  const [shared, setShared] = useState<Shared>({ status: 'idle' });
  useEffect(() => {
    if (shared.status !== 'copied') return undefined;
    const timer = setTimeout(() => {
      setShared({ status: 'idle' });
    }, COPIED_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [shared]);
  const share = async () => {
    if (!machine) return;
    setShared({ status: 'working' });
    const url = `${location.origin}${location.pathname}${location.search}${await machine.shareFragment()}`;
    const manual = () => {
      setShared({ status: 'manual', url });
    };
    try {
      navigator.clipboard.writeText(url).then(() => {
        setShared({ status: 'copied', url });
      }, manual);
    } catch {
      manual(); // no clipboard at all (an insecure context)
    }
  };
  return (
    <>
      <button
        type="button"
        disabled={!machine || shared.status === 'working'}
        onClick={() => void share()}
        title="Copy a link that replays this run to this moment: the scenario, everything typed and every migration"
      >
        Share
      </button>
      {shared.status === 'copied' && (
        <span className="share-status" role="status" data-testid="share-status" data-url={shared.url}>
          Link copied
          {shared.url.length > SAFE_LINK_CHARS &&
            ` (${shared.url.length} characters: some chat tools cut links over ${SAFE_LINK_CHARS})`}
        </span>
      )}
      {shared.status === 'manual' && (
        <label className="share-status">
          Copy this link:
          <input
            className="share-url mono"
            data-testid="share-url"
            readOnly
            value={shared.url}
            onFocus={(event) => {
              event.currentTarget.select();
            }}
            autoFocus
          />
        </label>
      )}
    </>
  );
}
