import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DeviceLifecycleEvent } from './device-lifecycle.event';
import { EnrolmentRequestedEvent } from './enrolment-requested.event';
import { InvalidEventError, parseEvent } from './parse-event';

const enrolmentRequested = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  eventId: randomUUID(),
  occurredAt: '2024-05-01T12:00:00.000Z',
  schemaVersion: 1,
  deviceId: 'dev1',
  namespace: 'default',
  ...overrides,
});

const deviceSnapshot = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  deviceId: 'dev1',
  namespace: 'tns',
  requestedNamespace: 'tns',
  state: 'registered',
  revision: 3,
  labels: { 'device.hostname': 'h-1' },
  hardware: { hostname: 'h-1' },
  enrolledAt: '2024-05-01T12:00:00.000Z',
  decidedAt: '2024-05-01T12:01:00.000Z',
  decidedBy: 'auto-approval',
  decisionReason: null,
  registeredAt: '2024-05-01T12:02:00.000Z',
  decommissionedAt: null,
  ...overrides,
});

const deviceLifecycle = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  eventId: randomUUID(),
  occurredAt: '2024-05-01T12:02:00.000Z',
  schemaVersion: 1,
  type: 'registered',
  deviceId: 'dev1',
  namespace: 'tns',
  device: deviceSnapshot(),
  ...overrides,
});

const without = (payload: Record<string, unknown>, key: string): Record<string, unknown> => {
  const copy = { ...payload };
  delete copy[key];
  return copy;
};

/** Resolves with what parseEvent rejected with, or with the parsed event if it did not reject. */
const rejectionOf = (promise: Promise<unknown>): Promise<unknown> => promise.catch((error: unknown) => error);

describe(parseEvent.name, () => {
  describe('EnrolmentRequestedEvent', () => {
    it('accepts a valid envelope and returns an instance of the event class', async () => {
      const payload = enrolmentRequested({ enrolmentInfo: { features: { modelName: 'rpi' } } });

      const event = await parseEvent(EnrolmentRequestedEvent, payload);

      expect(event).toBeInstanceOf(EnrolmentRequestedEvent);
      expect(event).toMatchObject({
        eventId: payload.eventId,
        occurredAt: '2024-05-01T12:00:00.000Z',
        schemaVersion: 1,
        deviceId: 'dev1',
        namespace: 'default',
        enrolmentInfo: { features: { modelName: 'rpi' } },
      });
    });

    it.each([
      ['a UUID', '3f0e5a52-6b9c-4d5e-9a51-7c3a0c1d2e4f'],
      ['a host name', 'edge-1.example.com'],
      ['upper case and underscores', 'Dev_01'],
      ['a single character', 'a'],
      ['253 characters', `a${'b'.repeat(251)}c`],
    ])('accepts a device ID that is %s', async (_what, deviceId) => {
      await expect(
        parseEvent(EnrolmentRequestedEvent, enrolmentRequested({ deviceId })),
      ).resolves.toMatchObject({
        deviceId,
      });
    });

    it.each([
      ['a single character', 'a'],
      ['a dashed name', 'ns-1'],
      ['63 characters', `n${'s'.repeat(61)}1`],
    ])('accepts a namespace that is %s', async (_what, namespace) => {
      await expect(
        parseEvent(EnrolmentRequestedEvent, enrolmentRequested({ namespace })),
      ).resolves.toMatchObject({
        namespace,
      });
    });

    it.each([
      ['a string', 'not json'],
      ['a number', 42],
      ['a boolean', true],
      ['null', null],
      ['undefined', undefined],
      ['an array', [enrolmentRequested()]],
    ])('rejects a payload that is %s', async (_what, payload) => {
      const error = await rejectionOf(parseEvent(EnrolmentRequestedEvent, payload));

      expect(error).toBeInstanceOf(InvalidEventError);
      expect(error).toMatchObject({ code: 'INVALID_EVENT' });
    });

    it.each(['eventId', 'occurredAt', 'schemaVersion', 'deviceId', 'namespace'])(
      'rejects a payload without %s, naming the field',
      async (field) => {
        const error = await rejectionOf(
          parseEvent(EnrolmentRequestedEvent, without(enrolmentRequested(), field)),
        );

        expect(error).toBeInstanceOf(InvalidEventError);
        expect(error).toMatchObject({ code: 'INVALID_EVENT' });
        expect((error as Error).message).toContain(field);
      },
    );

    it.each([
      ['containing a slash', 'a/b'],
      ['containing two dots', 'a..b'],
      ['starting with a dash', '-a'],
      ['ending with a dash', 'a-'],
      ['starting with a dot', '.a'],
      ['empty', ''],
      ['of 254 characters', `a${'b'.repeat(252)}c`],
      ['containing a NUL', 'a\u0000b'],
      ['containing a newline', 'a\nb'],
      ['ending with a newline', 'ab\n'],
      ['containing a tab', 'a\tb'],
      ['containing DEL', 'a\u007fb'],
      ['containing a space', 'a b'],
      ['not a string', 42],
    ])('rejects a device ID %s', async (_what, deviceId) => {
      const error = await rejectionOf(parseEvent(EnrolmentRequestedEvent, enrolmentRequested({ deviceId })));

      expect(error).toBeInstanceOf(InvalidEventError);
      expect(error).toMatchObject({ code: 'INVALID_EVENT' });
      expect((error as Error).message).toContain('deviceId');
    });

    it.each([
      ['with upper case', 'Default'],
      ['starting with a dash', '-x'],
      ['ending with a dash', 'x-'],
      ['of 64 characters', `n${'s'.repeat(62)}1`],
      ['with an underscore', 'a_b'],
      ['with a dot', 'a.b'],
      ['empty', ''],
    ])('rejects a namespace %s', async (_what, namespace) => {
      const error = await rejectionOf(parseEvent(EnrolmentRequestedEvent, enrolmentRequested({ namespace })));

      expect(error).toBeInstanceOf(InvalidEventError);
      expect(error).toMatchObject({ code: 'INVALID_EVENT' });
      expect((error as Error).message).toContain('namespace');
    });

    it.each([
      ['eventId', 'not-a-uuid'],
      ['occurredAt', 'yesterday'],
      ['occurredAt', '2024-02-30T00:00:00Z'],
      ['schemaVersion', 0],
      ['schemaVersion', 1.5],
      ['schemaVersion', '1'],
      ['enrolmentInfo', 'features'],
    ])('rejects an invalid %s (%j)', async (field, value) => {
      const error = await rejectionOf(
        parseEvent(EnrolmentRequestedEvent, enrolmentRequested({ [field]: value })),
      );

      expect(error).toBeInstanceOf(InvalidEventError);
      expect((error as Error).message).toContain(field);
    });

    it('reports every invalid field at once', async () => {
      const error = await rejectionOf(
        parseEvent(EnrolmentRequestedEvent, enrolmentRequested({ deviceId: 'a/b', namespace: 'Default' })),
      );

      expect((error as Error).message).toContain('deviceId');
      expect((error as Error).message).toContain('namespace');
    });
  });

  describe('DeviceLifecycleEvent', () => {
    it('accepts a presence change without a registry snapshot', async () => {
      const event = await parseEvent(
        DeviceLifecycleEvent,
        deviceLifecycle({
          type: 'late',
          device: undefined,
          presence: { presence: 'late', lastSeenAt: '2024-05-01T12:00:00.000Z', periodSeconds: 60 },
        }),
      );
      expect(event.presence).toMatchObject({ presence: 'late', periodSeconds: 60 });
    });

    it('rejects a presence change without its presence', async () => {
      const error = await rejectionOf(
        parseEvent(DeviceLifecycleEvent, deviceLifecycle({ type: 'offline', device: undefined })),
      );
      expect(error).toBeInstanceOf(InvalidEventError);
    });

    it('rejects a registry change without its top-level device ID', async () => {
      const error = await rejectionOf(
        parseEvent(DeviceLifecycleEvent, without(deviceLifecycle(), 'deviceId')),
      );
      expect(error).toBeInstanceOf(InvalidEventError);
    });

    it('accepts a valid event with its device snapshot', async () => {
      const event = await parseEvent(DeviceLifecycleEvent, deviceLifecycle());

      expect(event).toBeInstanceOf(DeviceLifecycleEvent);
      expect(event.type).toBe('registered');
      expect(event.device).toMatchObject({
        deviceId: 'dev1',
        namespace: 'tns',
        state: 'registered',
        revision: 3,
      });
    });

    it.each([
      ['a bad device ID', { deviceId: 'a/b' }],
      ['a bad namespace', { namespace: 'Default' }],
      ['a bad requested namespace', { requestedNamespace: '-x' }],
      ['an unknown state', { state: 'lost' }],
      ['a zero revision', { revision: 0 }],
      ['labels that are not an object', { labels: 'a=b' }],
      ['a bad enrolment time', { enrolledAt: 'soon' }],
    ])('rejects a device snapshot with %s', async (_what, overrides) => {
      const error = await rejectionOf(
        parseEvent(DeviceLifecycleEvent, deviceLifecycle({ device: deviceSnapshot(overrides) })),
      );

      expect(error).toBeInstanceOf(InvalidEventError);
      expect(error).toMatchObject({ code: 'INVALID_EVENT' });
      expect((error as Error).message).toContain('device');
    });

    it('rejects a device snapshot without a device ID', async () => {
      const error = await rejectionOf(
        parseEvent(DeviceLifecycleEvent, deviceLifecycle({ device: without(deviceSnapshot(), 'deviceId') })),
      );

      expect(error).toBeInstanceOf(InvalidEventError);
    });

    it('rejects a device that is not an object', async () => {
      const error = await rejectionOf(parseEvent(DeviceLifecycleEvent, deviceLifecycle({ device: 'dev1' })));

      expect(error).toBeInstanceOf(InvalidEventError);
    });

    it('rejects an event without a device', async () => {
      const error = await rejectionOf(parseEvent(DeviceLifecycleEvent, without(deviceLifecycle(), 'device')));

      expect(error).toBeInstanceOf(InvalidEventError);
    });

    it('rejects a device that is an array', async () => {
      const error = await rejectionOf(parseEvent(DeviceLifecycleEvent, deviceLifecycle({ device: [] })));

      expect(error).toBeInstanceOf(InvalidEventError);
    });

    it('rejects an unknown lifecycle type', async () => {
      const error = await rejectionOf(
        parseEvent(DeviceLifecycleEvent, deviceLifecycle({ type: 'exploded' })),
      );

      expect(error).toBeInstanceOf(InvalidEventError);
      expect((error as Error).message).toContain('type');
    });
  });
});
