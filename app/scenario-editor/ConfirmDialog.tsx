// A question before something that loses work (replacing a run, resetting it, opening a
// lesson): a modal with a title, what would be lost, Cancel (focused, so Enter is safe) and the
// action. One component so that every such question looks and behaves the same.

import { useId, type ReactNode } from 'react';
import { Modal } from './Modal';

interface ConfirmDialogProps {
  title: string;
  /** The action's button text, e.g. "Reset". */
  confirmLabel: string;
  onCancel: () => void;
  onConfirm: () => void;
  /** What the action does and what it would lose. */
  children: ReactNode;
}

export function ConfirmDialog({ title, confirmLabel, onCancel, onConfirm, children }: ConfirmDialogProps) {
  const titleId = useId();
  return (
    <Modal labelledBy={titleId} className="confirm-boot" onClose={onCancel}>
      <h2 id={titleId}>{title}</h2>
      {children}
      <div className="editor-footer">
        <button type="button" data-autofocus onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
