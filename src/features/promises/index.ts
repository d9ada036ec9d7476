// What other folders may use of the promises feature: the feature object, the
// `/lofte` list (promiseList) and the stable form and action ids. Other code
// imports this file, never the feature's files. messages.ts is not here: the
// i18n catalogues read it directly (through this file would be a cycle:
// index → feature → i18n → catalogues → index).
export { promisesFeature } from "./feature.js";
export {
  ACTIVITY_FORM,
  ADD_ACTIVITY_ACTION,
  EDIT_ACTIVITY_ACTION,
  EDIT_PROMISE_ACTION,
  EDIT_PROMISE_FORM,
  NEW_PROMISE_FORM,
  PROMISE_DONE_ACTION,
} from "./forms.js";
export { promiseList } from "./promiseList.js";
