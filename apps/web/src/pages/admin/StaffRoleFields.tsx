import { Checkbox } from '../../components/Checkbox.tsx'
import { SelectField } from '../../components/SelectField.tsx'
import { isStaffRole, STAFF_ROLE_OPTIONS, type StaffRole } from './staff-roles.ts'

export interface StaffRoleFieldsProps {
  role: StaffRole
  onRoleChange: (role: StaffRole) => void
  prescriber: boolean
  onPrescriberChange: (value: boolean) => void
  specialist: boolean
  onSpecialistChange: (value: boolean) => void
}

/** The role picker and, for clinicians, the prescribing flags: shared by invite and edit. */
export function StaffRoleFields(props: StaffRoleFieldsProps) {
  return (
    <>
      <SelectField
        label="Role"
        name="role"
        value={props.role}
        options={STAFF_ROLE_OPTIONS}
        onChange={(value) => {
          if (isStaffRole(value)) props.onRoleChange(value)
        }}
      />
      {props.role === 'clinician' ? (
        <fieldset className="fieldset">
          <legend className="field__label">Clinical permissions</legend>
          <Checkbox name="prescriber" isSelected={props.prescriber} onChange={props.onPrescriberChange}>
            Can prescribe
          </Checkbox>
          <Checkbox
            name="specialist"
            isSelected={props.specialist}
            onChange={props.onSpecialistChange}
            description="Needed to prescribe controlled medicines."
          >
            Specialist
          </Checkbox>
        </fieldset>
      ) : null}
    </>
  )
}
