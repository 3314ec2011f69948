"""Views of the public API: programs, calls and the eligibility check. Answers follow Accept-Language."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ..eligibility import check_eligibility
from ..selectors import listed_calls, open_calls, programs_with_calls
from .serializers import CallSerializer, CheckRequestSerializer, CheckResponseSerializer, ProgramSerializer

TRUE_VALUES = {"true", "1", "yes"}
FALSE_VALUES = {"false", "0", "no"}

BAD_REQUEST = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description="Bad input: an object with a list of translated messages per field "
    '(nested under "company" for the company\'s fields), or "detail" for a body that is not JSON.',
)


class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI from drf-spectacular-sidecar's static files; its start-up script is a separate
    request and its page has no inline style, as the content security policy requires."""

    template_name = "programs/api/swagger_ui.html"


class ProgramListView(APIView):
    @extend_schema(
        summary="The support programs with their announced calls",
        responses={200: ProgramSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        return Response(ProgramSerializer(programs_with_calls(), many=True).data)


class CallListView(APIView):
    @extend_schema(
        summary="Announced calls: open ones first by deadline, then upcoming, then closed",
        parameters=[
            OpenApiParameter(
                "open", OpenApiTypes.BOOL, description="true: only calls open now; false: only the others."
            )
        ],
        responses={200: CallSerializer(many=True), 400: BAD_REQUEST},
    )
    def get(self, request: Request) -> Response:
        now = timezone.now()
        wanted = request.query_params.get("open")
        if wanted is None or wanted == "":
            calls = listed_calls(at=now)
        elif wanted.lower() in TRUE_VALUES:
            calls = listed_calls(at=now, is_open=True)
        elif wanted.lower() in FALSE_VALUES:
            calls = listed_calls(at=now, is_open=False)
        else:
            return Response({"open": [_("Use true or false.")]}, status=400)
        return Response(CallSerializer(calls, many=True, context={"now": now}).data)


class EligibilityCheckView(APIView):
    @extend_schema(
        summary="Check a company's eligibility for one call or for every open call",
        request=CheckRequestSerializer,
        responses={200: CheckResponseSerializer, 400: BAD_REQUEST},
        examples=[
            OpenApiExample(
                "A 25-employee machinery maker",
                request_only=True,
                value={
                    "call": "2027-itd",
                    "company": {
                        "business_number": "123-45-67891",
                        "address": "경상북도 영천시 금호읍 금호로 100",
                        "factory_address": "경상북도 영천시 금호읍 금호로 100",
                        "lab_address": None,
                        "no_other_sites": True,
                        "regular_employees": 25,
                        "monthly_headcounts": None,
                        "ksic_code": "C29",
                        "annual_revenue_krw": 4_500_000_000,
                        "sme_certified": True,
                        "located_since": "2018-03-01",
                    },
                },
            ),
            OpenApiExample(
                "Head office and factory in Seoul's Yeongcheon-dong, no lab: not eligible",
                request_only=True,
                value={
                    "call": "2027-itd",
                    "company": {
                        "address": "서울특별시 중구 영천동 1",
                        "factory_address": "서울특별시 중구 영천동 1",
                        "no_other_sites": True,
                        "regular_employees": 12,
                    },
                },
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        serializer = CheckRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        facts = serializer.validated_data["facts"]
        calls = serializer.validated_data["calls"]
        if calls is None:
            calls = open_calls()
        results = [check_eligibility(facts, call) for call in calls]
        return Response(CheckResponseSerializer({"results": results}).data)
