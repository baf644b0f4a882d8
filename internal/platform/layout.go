package platform

// layout is a C structure as the kernel's BTF lays it out.
type layout struct {
	Size    int
	Members []member
}

// member is one member of a layout. An array is one member: Size is the
// whole array, Elem one element; PointsTo names a pointer member's target.
type member struct {
	Name      string
	Off, Size int
	Elem      int
	PointsTo  string
}
