import Link from 'next/link';
import type { ReactNode } from 'react';
import { formatEnum } from '@/lib/format';

export interface ListFiltersProps {
  /** The list page: the form is sent there with GET, and "Clear" links back to it unfiltered. */
  action: string;
  /** The accessible name of the search landmark. */
  label: string;
  /** A layout modifier next to `search-form`, e.g. `search-form-4`. */
  layout?: string;
  submitLabel?: string;
  /** Whether a filter is set: only then is "Clear" shown. */
  filtered: boolean;
  /** Keep the buttons together in a `.button-row` (false: each button is a cell of the form's grid). */
  groupButtons?: boolean;
  /** The fields: `FilterInput`, `FilterSelect`. */
  children: ReactNode;
}

/**
 * The filter form above a list: a GET form (works without JavaScript, the
 * query is the state, so every result can be linked), its fields, the submit
 * button and a "Clear" link back to the unfiltered list.
 */
export function ListFilters({
  action,
  label,
  layout,
  submitLabel = 'Filter',
  filtered,
  groupButtons = true,
  children,
}: ListFiltersProps) {
  const buttons = (
    <>
      <button type="submit" className="button">
        {submitLabel}
      </button>
      {filtered ? (
        <Link href={action} className="button button-secondary">
          Clear
        </Link>
      ) : null}
    </>
  );
  return (
    <form method="get" action={action} className={layout ? `search-form ${layout}` : 'search-form'} role="search" aria-label={label}>
      {children}
      {groupButtons ? <div className="button-row">{buttons}</div> : buttons}
    </form>
  );
}

interface FilterFieldProps {
  /** The query parameter; also the field's id, which its label points at. */
  name: string;
  label: string;
}

export interface FilterInputProps extends FilterFieldProps {
  type?: 'search' | 'date';
  defaultValue: string;
  placeholder?: string;
  maxLength?: number;
}

/** A labelled text (or date) filter. */
export function FilterInput({ name, label, type = 'search', defaultValue, placeholder, maxLength }: FilterInputProps) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <input id={name} name={name} type={type} defaultValue={defaultValue} placeholder={placeholder} maxLength={maxLength} />
    </div>
  );
}

export interface FilterOption {
  value: string;
  label: string;
}

export interface FilterSelectProps extends FilterFieldProps {
  /** The selected value; `''` selects the "any" option. */
  defaultValue: string;
  /** The first option, value `''`, meaning "no filter" (e.g. "Any status"); left out when not given. */
  anyLabel?: string;
  options: readonly FilterOption[];
}

/** A labelled choice among fixed values. */
export function FilterSelect({ name, label, defaultValue, anyLabel, options }: FilterSelectProps) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={defaultValue}>
        {anyLabel !== undefined ? <option value="">{anyLabel}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Options for a domain enum, the values in words (`IN_REVIEW` → "In review"). */
export function enumOptions(values: readonly string[]): FilterOption[] {
  return values.map((value) => ({ value, label: formatEnum(value) }));
}
