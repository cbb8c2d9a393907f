@_exported import Certificates
@_exported import Claims
@_exported import Encoding
@_exported import ExactArithmetic
@_exported import ModelImport
@_exported import Models
@_exported import PiecewiseLinear
@_exported import Search
