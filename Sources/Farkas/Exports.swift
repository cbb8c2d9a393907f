@_exported import ExactArithmetic
@_exported import ModelImport
@_exported import PiecewiseLinear
