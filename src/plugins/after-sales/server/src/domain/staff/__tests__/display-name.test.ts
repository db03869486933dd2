import { staffActorName, staffName } from '../display-name';

describe('staffName', () => {
  it('joins Chinese names without a space and others with one, in the admin order', () => {
    expect(staffName({ firstname: '王', lastname: '伟' })).toBe('王伟');
    expect(staffName({ firstname: '欧阳', lastname: '娜娜' })).toBe('欧阳娜娜');
    expect(staffName({ firstname: 'Wei', lastname: 'Wang' })).toBe('Wei Wang');
    expect(staffName({ firstname: '王', lastname: 'Smith' })).toBe('王 Smith');
    expect(staffName({ firstname: ' 李娜 ', lastname: '' })).toBe('李娜');
  });

  it('falls back to the email, then to what the caller gives', () => {
    expect(staffName({ firstname: null, lastname: '  ', email: 'agent@demo.local' })).toBe('agent@demo.local');
    expect(staffName({ id: 3 })).toBeNull();
    expect(staffName(null, 'staff')).toBe('staff');
    expect(staffName({ id: 3 }, '')).toBe('');
    expect(staffActorName({ id: 3 })).toBe('admin 3');
    expect(staffActorName({ id: 3, lastname: 'Li' })).toBe('Li');
  });
});
