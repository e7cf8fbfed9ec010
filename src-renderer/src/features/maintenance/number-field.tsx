import { FormGroup, NumericInput } from '@blueprintjs/core';

interface NumberFieldProps {
  label: string;
  help: string;
  value: number;
  min: number;
  max: number;
  unit?: string;
  testId: string;
  error?: string | null;
  onChange(value: number): void;
}

/** A whole number with its limits up front: the box refuses what the contract would refuse. */
export function NumberField({ label, help, value, min, max, unit, testId, error, onChange }: NumberFieldProps) {
  return (
    <FormGroup label={label} helperText={error ?? `${help} (${min.toLocaleString()}–${max.toLocaleString()}${unit ? ` ${unit}` : ''})`} intent={error ? 'danger' : 'none'} className="sd-field">
      <NumericInput
        value={value}
        min={min}
        max={max}
        clampValueOnBlur
        allowNumericCharactersOnly
        minorStepSize={null}
        stepSize={1}
        fill
        intent={error ? 'danger' : 'none'}
        aria-label={label}
        {...{ 'data-testid': testId }}
        onValueChange={(n) => Number.isInteger(n) && onChange(n)}
      />
    </FormGroup>
  );
}
