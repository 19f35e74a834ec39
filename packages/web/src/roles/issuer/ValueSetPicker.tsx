import {
  Button,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Select,
  SelectValue,
} from 'react-aria-components';

/** One value set as `GET /valuesets` gives it. */
export interface PickerValueSet {
  valueSetId: string;
  values: { code: string; display: string }[];
}

/** A picker over an EU value set (React Aria Select): the display name with its code. */
export function ValueSetPicker({
  label,
  placeholder,
  set,
  value,
  onChange,
  name,
  display = (_code, english) => english,
}: {
  label: string;
  placeholder: string;
  set: PickerValueSet | undefined;
  value: string;
  onChange: (code: string) => void;
  name: string;
  /** The name shown for a code (default: the value set's English display). */
  display?: (code: string, english: string) => string;
}) {
  return (
    <Select
      className="react-aria-Select field"
      name={name}
      isRequired
      placeholder={placeholder}
      selectedKey={value || null}
      onSelectionChange={(key) => onChange(String(key))}
    >
      <Label>{label}</Label>
      <Button>
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </Button>
      <Popover>
        <ListBox items={set?.values ?? []}>
          {(v) => (
            <ListBoxItem id={v.code} textValue={`${display(v.code, v.display)} ${v.code}`}>
              {display(v.code, v.display)} ({v.code})
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </Select>
  );
}
