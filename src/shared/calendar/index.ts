export { englishDate } from './englishDate';
export {
  bankHolidayEventSchema,
  calendarSnapshotSchema,
  createCalendar,
  englandAndWales,
} from './workingDays';
export type {
  AddDaysResult,
  BankHolidayEvent,
  CalendarCoverage,
  CalendarSnapshot,
  DayUnit,
  WorkingDayCalendar,
} from './workingDays';
