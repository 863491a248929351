export interface CreateOperatorInput {
  partnerId: string;
  operatorId: string;
  password: string;
}
