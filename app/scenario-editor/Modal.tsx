// A modal dialog on the native <dialog>: showModal() makes the rest of the page inert and keeps
// the focus inside; Escape closes it. It opens focused on its [data-autofocus] element (else the
// browser's first focusable one) and gives the focus back to whatever had it. Keys pressed in
// it never reach the page's run/step shortcuts.

import { useEffect, useRef, type ReactNode } from 'react';
import './scenario-editor.css';

interface ModalProps {
  /** The id of the element that names the dialog (its heading). */
  labelledBy: string;
  className?: string;
  /** Called when the person dismisses it (Escape); the owner then stops rendering it. */
  onClose: () => void;
  children: ReactNode;
}

export function Modal({ labelledBy, className, onClose, children }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return undefined;
    const opener = document.activeElement;
    dialog.showModal();
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    // Escape closes a native dialog by itself: tell the owner, which then unmounts this. The
    // close event is queued, not dispatched by close(): under React's StrictMode (the dev
    // server) the effect runs, is cleaned up (closing the dialog) and runs again (opening it),
    // and the first close's event reaches this second listener while the dialog is open. Only
    // a close event that finds the dialog closed is the person's.
    const closed = () => {
      if (!dialog.open) onCloseRef.current();
    };
    dialog.addEventListener('close', closed);
    return () => {
      dialog.removeEventListener('close', closed);
      if (dialog.open) dialog.close();
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={`modal${className ? ` ${className}` : ''}`}
      aria-labelledby={labelledBy}
      onKeyDown={(event) => {
        event.stopPropagation();
      }}
    >
      {children}
    </dialog>
  );
}
