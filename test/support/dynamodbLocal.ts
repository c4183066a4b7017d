// Tests start DynamoDB Local with the same code `npm start` uses.
export * from '../../functions/local/dynamodbLocal.ts';
