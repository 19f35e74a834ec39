import { Input, Label, TextField } from 'react-aria-components';

/** A labelled text field of the staff forms (React Aria `TextField`). */
export function TextInput({
  name,
  label,
  value,
  onChange,
  type = 'text',
  required = true,
  maxLength,
  autoComplete,
  inputMode,
  autoFocus,
}: {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'password' | 'date' | 'datetime-local';
  required?: boolean;
  maxLength?: number;
  autoComplete?: string;
  inputMode?: 'numeric';
  autoFocus?: boolean;
}) {
  return (
    <TextField
      className="field"
      name={name}
      type={type}
      value={value}
      onChange={onChange}
      isRequired={required}
      {...(maxLength !== undefined ? { maxLength } : {})}
      {...(autoComplete ? { autoComplete } : {})}
      {...(autoFocus ? { autoFocus } : {})}
    >
      <Label>{label}</Label>
      <Input {...(inputMode ? { inputMode } : {})} />
    </TextField>
  );
}
