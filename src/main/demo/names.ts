// Plausible British names for synthetic data; none refers to a real person or business.
export const GIVEN_NAMES = [
  'Amelia', 'Oliver', 'Isla', 'George', 'Ava', 'Noah', 'Mia', 'Arthur', 'Ivy', 'Leo', 'Freya',
  'Harry', 'Lily', 'Oscar', 'Florence', 'Archie', 'Evie', 'Jack', 'Rosie', 'Charlie', 'Grace',
  'Theo', 'Sophia', 'Henry', 'Poppy', 'Alfie', 'Willow', 'Thomas', 'Elsie', 'Joshua', 'Aisha',
  'Mohammed', 'Priya', 'Hamza', 'Zara', 'Ibrahim', 'Niamh', 'Rhys', 'Cerys', 'Callum', 'Eilidh',
  'Kwame', 'Ade', 'Chloe', 'Daniel', 'Megan', 'Ryan', 'Bethan', 'Liam', 'Hannah',
];

export const FAMILY_NAMES = [
  'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson',
  'Roberts', 'Robinson', 'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green',
  'Hall', 'Lewis', 'Harris', 'Clarke', 'Patel', 'Jackson', 'Wood', 'Turner', 'Martin', 'Cooper',
  'Hill', 'Ward', 'Morris', 'Moore', 'Clark', 'Lee', 'King', 'Baker', 'Harrison', 'Morgan', 'Allen',
  'Khan', 'Ali', 'Begum', 'Okafor', 'Nowak', 'Murphy', "O'Brien", 'Campbell', 'Kaur', 'Singh',
];

export const PLACES = [
  'Northfield', 'Ashby', 'Kingsmead', 'Riverside', 'Westgate', 'Harbour', 'Oakwood', 'Fenwick',
  'Moorland', 'Castleton', 'Brookside', 'Elmstead', 'Highcliffe', 'Thornbury', 'Millbrook',
  'Redhill', 'Stanton', 'Bramley', 'Greenway', 'Hollins', 'Kirkby', 'Lowther', 'Marlow', 'Penrith',
];

export const SECTORS = [
  'Retail', 'Housing', 'Energy', 'Telecom', 'Travel', 'Leisure', 'Insurance', 'Utilities',
  'Healthcare', 'Logistics', 'Banking', 'Council', 'Hotels', 'Motors', 'Water',
];

export const EMPLOYER_SUFFIXES = ['Ltd', 'plc', 'Group', 'Services Ltd', 'Partnership', 'Trust'];

export const PROVIDER_KINDS = [
  'Training', 'College', 'Skills Academy', 'Learning', 'Apprenticeships', 'Training Partnership',
];
