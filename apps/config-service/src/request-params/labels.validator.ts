import { isLabelKey, isLabelValue } from '@lib/contracts';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/** Kubernetes label keys and values; `allowNull` for PATCH, where null removes a label. */
export function IsLabels(allowNull = false, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isLabels',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length <= 64 &&
          Object.entries(value).every(
            ([k, v]) =>
              isLabelKey(k) && ((allowNull && v === null) || (typeof v === 'string' && isLabelValue(v))),
          ),
        defaultMessage: () =>
          '$property must map Kubernetes label keys to label values (at most 64 labels, values up to 63 characters)',
      },
    },
    options,
  );
}
