// Name lists for sample customers; combined with the customer id they give unique, obviously fictional contacts.

export const FIRST_NAMES: readonly string[] = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth',
  'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen',
  'Christopher', 'Lisa', 'Daniel', 'Nancy', 'Matthew', 'Betty', 'Anthony', 'Margaret', 'Mark', 'Sandra',
  'Donald', 'Ashley', 'Steven', 'Kimberly', 'Paul', 'Emily', 'Andrew', 'Donna', 'Joshua', 'Michelle',
  'Kenneth', 'Carol', 'Kevin', 'Amanda', 'Brian', 'Melissa', 'George', 'Deborah', 'Timothy', 'Stephanie',
  'Ronald', 'Rebecca', 'Jason', 'Laura', 'Edward', 'Sharon', 'Jeffrey', 'Cynthia', 'Ryan', 'Kathleen',
  'Jacob', 'Amy', 'Gary', 'Angela', 'Nicholas', 'Shirley', 'Eric', 'Anna', 'Jonathan', 'Brenda',
  'Wei', 'Mei', 'Hiroshi', 'Yuki', 'Raj', 'Priya', 'Arjun', 'Ananya', 'Carlos', 'Maria',
  'Jose', 'Sofia', 'Luis', 'Camila', 'Diego', 'Lucia', 'Minh', 'Linh', 'Jin', 'Soo-ah',
  'Olga', 'Ivan', 'Fatima', 'Omar', 'Amara', 'Kwame', 'Ingrid', 'Lars', 'Aroha', 'Noah',
];

export const LAST_NAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts',
  'Gomez', 'Phillips', 'Evans', 'Turner', 'Diaz', 'Parker', 'Cruz', 'Edwards', 'Collins', 'Reyes',
  'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers', 'Gutierrez', "O'Brien", 'Ortiz', 'Morgan',
  'Chen', 'Wang', 'Kim', 'Park', 'Tanaka', 'Sato', 'Patel', 'Shah', 'Singh', 'Kumar',
  'Tran', 'Pham', 'Ivanova', 'Petrov', 'Haddad', 'Okafor', 'Mensah', 'Larsen', 'Johansson', 'Nakamura',
  'Bergstrom', 'MacDonald', 'Fitzgerald', 'Yamamoto', 'Kowalski', 'Novak', 'Rossi', 'Dubois', 'Schmidt', 'Whitehorse',
];
