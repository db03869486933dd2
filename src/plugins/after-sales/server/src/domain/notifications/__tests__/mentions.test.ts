import { findMentions, namesOf } from '../mentions';

const people = [
  { id: 1, firstname: '伟', lastname: '张', username: null, email: 'zhang.wei@demo.local' },
  { id: 2, firstname: 'Lina', lastname: 'Li', username: 'lina', email: 'li.na@demo.local' },
  { id: 3, firstname: 'Li', lastname: 'Ming', username: null, email: 'ming@demo.local' },
  { id: 4, firstname: '伟民', lastname: '张', username: null, email: 'wm@demo.local' },
  { id: 5, firstname: 'Anna', lastname: 'Wang', username: null, email: 'anna.w@demo.local' },
  { id: 6, firstname: 'Anna', lastname: 'Zhou', username: null, email: 'anna.z@demo.local' },
];

describe('findMentions', () => {
  it('matches a Chinese name written family name first, with no space after it', () => {
    expect(findMentions('@张伟请跟进这个客户', people)).toEqual([1]);
  });
  it('prefers the longest name that fits', () => {
    expect(findMentions('@张伟民 看一下', people)).toEqual([4]);
  });
  it('matches first name, full name, username and email local part, case-insensitively', () => {
    expect(findMentions('@lina please check', people)).toEqual([2]);
    expect(findMentions('cc @Li Ming.', people)).toEqual([3]);
    expect(findMentions('@li.na and @ming', people)).toEqual([2, 3]);
  });
  it('needs a boundary after a Latin name', () => {
    expect(findMentions('@linas', people)).toEqual([]);
    expect(findMentions('@Ming, 请处理', people)).toEqual([3]);
    expect(findMentions('@Li, 请处理', people)).toEqual([2, 3]);
  });
  it('ignores email addresses and unknown names, and lists each person once', () => {
    expect(findMentions('write to li.na@demo.local', people)).toEqual([]);
    expect(findMentions('@nobody', people)).toEqual([]);
    expect(findMentions('@lina @Lina Li', people)).toEqual([2]);
  });
  it('mentions everyone who shares the name', () => {
    expect(findMentions('@Anna', people)).toEqual([5, 6]);
    expect(findMentions('@anna wang', people)).toEqual([5]);
  });
  it('lists the ways a colleague may be written', () => {
    expect(namesOf(people[0])).toEqual(expect.arrayContaining(['张伟', '伟', '张', 'zhang.wei']));
  });
});
