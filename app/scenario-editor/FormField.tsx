// The editor's labelled fields: a text input or a select with its label above it, an optional
// hint, and the field's validation message below it (tied to it by aria-describedby and
// aria-invalid). Numbers are typed as text, so a half-typed value stays as typed.

import { useId, type ReactNode } from 'react';

interface FieldProps {
  label: string;
  error?: string | undefined;
  hint?: string;
  /** Extra class on the field's box ("wide", "narrow"…). */
  className?: string;
}

function FieldBox({
  label,
  error,
  hint,
  className,
  children,
}: FieldProps & { children: (id: string, describedBy: string | undefined) => ReactNode }) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${className ? ` ${className}` : ''}${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children(id, describedBy)}
      {hint && (
        <span id={`${id}-hint`} className="field-hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

interface TextFieldProps extends FieldProps {
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  numeric?: boolean;
  mono?: boolean;
  autoFocus?: boolean;
  /** Rows of a multi-line field (a textarea); a one-line input without. */
  rows?: number;
}

export function TextField({ value, onChange, placeholder, numeric, mono, autoFocus, rows, ...box }: TextFieldProps) {
  return (
    <FieldBox {...box}>
      {(id, describedBy) =>
        rows !== undefined ? (
          <textarea
            id={id}
            rows={rows}
            value={value}
            placeholder={placeholder}
            aria-invalid={box.error ? true : undefined}
            aria-describedby={describedBy}
            onChange={(event) => {
              onChange(event.target.value);
            }}
          />
        ) : (
          <input
            id={id}
            type="text"
            className={mono ? 'mono' : undefined}
            value={value}
            placeholder={placeholder}
            inputMode={numeric ? 'decimal' : undefined}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={box.error ? true : undefined}
            aria-describedby={describedBy}
            data-autofocus={autoFocus ? true : undefined}
            onChange={(event) => {
              onChange(event.target.value);
            }}
          />
        )
      }
    </FieldBox>
  );
}

interface SelectFieldProps extends FieldProps {
  value: string;
  onChange: (value: string) => void;
  options: readonly { value: string; label: string }[];
}

export function SelectField({ value, onChange, options, ...box }: SelectFieldProps) {
  return (
    <FieldBox {...box}>
      {(id, describedBy) => (
        <select
          id={id}
          value={value}
          aria-invalid={box.error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => {
            onChange(event.target.value);
          }}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldBox>
  );
}

/** The options for a kernel field: the machine's kernels, and the value itself if it names none. */
export function kernelOptions(count: number | undefined, value: string): { value: string; label: string }[] {
  const options = Array.from({ length: count ?? 0 }, (_, k) => ({ value: String(k), label: `kernel ${k}` }));
  if (!options.some((o) => o.value === value)) options.push({ value, label: `kernel ${value} (no such kernel)` });
  return options;
}
