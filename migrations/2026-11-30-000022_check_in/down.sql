DROP TABLE check_ins;
DROP TABLE check_in_codes;
