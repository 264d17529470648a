/** The package is read once, in "Validate and stage"; the plan and the confirmation are one step. */
export const WIZARD_STEPS = ['Choose a backup', 'Validate and stage', 'Check the plan and confirm', 'Apply', 'Result'] as const;

/** The index of the Apply step, skipped by a cancelled restore. */
export const APPLY_STEP = WIZARD_STEPS.indexOf('Apply');

/** Where the wizard is, as an ordered list: the current step is marked for screen readers too. */
export function WizardSteps({ current, skipped = [] }: { current: number; skipped?: number[] }) {
  return (
    <ol className="wizard-steps" aria-label="Restore steps">
      {WIZARD_STEPS.map((label, i) => {
        const state = skipped.includes(i) ? 'skipped' : i < current ? 'done' : i === current ? 'current' : 'next';
        return (
          <li key={label} className={state === 'done' || state === 'current' ? state : undefined} aria-current={state === 'current' ? 'step' : undefined}>
            <span className="visually-hidden">{{ done: 'Done: ', current: 'Current: ', next: 'Next: ', skipped: 'Skipped: ' }[state]}</span>
            {label}
          </li>
        );
      })}
    </ol>
  );
}
