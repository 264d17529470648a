export const WIZARD_STEPS = ['Choose a backup', 'Validate', 'Plan and dry run', 'Confirm', 'Apply', 'Result'] as const;

/** Where the wizard is, as an ordered list: the current step is marked for screen readers too. */
export function WizardSteps({ current }: { current: number }) {
  return (
    <ol className="wizard-steps" aria-label="Restore steps">
      {WIZARD_STEPS.map((label, i) => (
        <li
          key={label}
          className={i < current ? 'done' : i === current ? 'current' : undefined}
          aria-current={i === current ? 'step' : undefined}
        >
          <span className="visually-hidden">{i < current ? 'Done: ' : i === current ? 'Current: ' : 'Next: '}</span>
          {label}
        </li>
      ))}
    </ol>
  );
}
