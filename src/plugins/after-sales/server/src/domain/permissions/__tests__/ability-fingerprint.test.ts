import { abilityFingerprint } from '../ability-fingerprint';

const agent = { id: 7, roles: [{ id: 3, code: 'after-sales-agent', name: 'Agent' }] };
const read = { id: 1, action: 'plugin::content-manager.explorer.read', subject: 'api::feedback.feedback', properties: { fields: ['symptom'] }, conditions: ['plugin::after-sales.in-my-department'] };
const create = { id: 2, action: 'plugin::content-manager.explorer.create', subject: 'api::feedback.feedback', properties: {}, conditions: [] };

describe('abilityFingerprint', () => {
  it('is the same for the same user, roles and permission rows, and differs when any of them changes', () => {
    const base = abilityFingerprint(agent, [read, create]);
    expect(base).not.toBeNull();
    expect(abilityFingerprint({ ...agent, roles: [{ ...agent.roles[0] }] }, [{ ...read }, { ...create }])).toBe(base);
    expect(abilityFingerprint({ ...agent, id: 8 }, [read, create])).not.toBe(base);
    expect(abilityFingerprint({ ...agent, roles: [...agent.roles, { id: 4, code: 'sales' }] }, [read, create])).not.toBe(base);
    expect(abilityFingerprint(agent, [read])).not.toBe(base);
    expect(abilityFingerprint(agent, [{ ...read, properties: { fields: ['symptom', 'scenario'] } }, create])).not.toBe(base);
    expect(abilityFingerprint(agent, [{ ...read, conditions: ['plugin::after-sales.in-my-office'] }, create])).not.toBe(base);
  });

  it('refuses a condition not known to depend on the user alone (its handler may read anything)', () => {
    expect(abilityFingerprint(agent, [{ ...read, conditions: ['plugin::other.in-business-hours'] }])).toBeNull();
    expect(abilityFingerprint(agent, [{ ...read, conditions: 'plugin::after-sales.in-my-department' }])).toBeNull();
    expect(abilityFingerprint(agent, [{ ...read, conditions: [{ id: 'admin::is-creator' }] }])).toBeNull();
  });

  it('refuses a user without an id or without roles (the super admin check reads the roles)', () => {
    expect(abilityFingerprint({ roles: agent.roles }, [create])).toBeNull();
    expect(abilityFingerprint({ id: 7 }, [create])).toBeNull();
    expect(abilityFingerprint(null, [create])).toBeNull();
  });
});
